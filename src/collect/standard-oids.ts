/** Standard MIB objects collect reads for every imaging device (RFC 3805 Printer-MIB, RFC 2790 HOST-RESOURCES-MIB). */
export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

const SUPPLIES = '1.3.6.1.2.1.43.11.1.1';
export const SUPPLY_COLUMNS = {
  colorantIndex: `${SUPPLIES}.3`,
  type: `${SUPPLIES}.5`,
  description: `${SUPPLIES}.6`,
  unit: `${SUPPLIES}.7`,
  max: `${SUPPLIES}.8`,
  level: `${SUPPLIES}.9`,
} as const;
export const COLORANT_VALUE = '1.3.6.1.2.1.43.12.1.1.4';

const ALERTS = '1.3.6.1.2.1.43.18.1.1';
export const ALERT_COLUMNS = {
  severity: `${ALERTS}.2`,
  group: `${ALERTS}.4`,
  code: `${ALERTS}.7`,
  description: `${ALERTS}.8`,
  time: `${ALERTS}.9`,
} as const;

export const HR_DEVICE_STATUS = '1.3.6.1.2.1.25.3.2.1.5';
export const HR_PRINTER_STATUS = '1.3.6.1.2.1.25.3.5.1.1';
export const HR_PRINTER_ERRORS = '1.3.6.1.2.1.25.3.5.1.2';

/** prtGeneralCurrentLocalization, prtConsoleLocalization and prtLocalizationCharacterSet: which character set the device's text is in. */
export const LOCALIZATION_COLUMNS = {
  current: '1.3.6.1.2.1.43.5.1.1.2',
  console: '1.3.6.1.2.1.43.5.1.1.10',
  charset: '1.3.6.1.2.1.43.7.1.1.4',
} as const;

export const STANDARD_COLUMNS = [
  ...Object.values(SUPPLY_COLUMNS),
  COLORANT_VALUE,
  ...Object.values(ALERT_COLUMNS),
  HR_DEVICE_STATUS,
  HR_PRINTER_STATUS,
  HR_PRINTER_ERRORS,
  ...Object.values(LOCALIZATION_COLUMNS),
];

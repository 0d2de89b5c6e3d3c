/** hrPrinterStatus, hrDeviceStatus, hrPrinterDetectedErrorState and prtAlertTable → named conditions. */
import type { Varbind } from '../snmp/types.js';
import { textOf } from './convert.js';
import type { Readings } from './fields.js';
import { ALERT_COLUMNS, HR_DEVICE_STATUS, HR_PRINTER_ERRORS, HR_PRINTER_STATUS } from './standard-oids.js';
import type { Alert, DeviceStatus } from './types.js';

const PRINTER_STATUS: Record<number, string> = { 1: 'other', 2: 'unknown', 3: 'idle', 4: 'printing', 5: 'warmup' };
const DEVICE_STATUS: Record<number, string> = { 1: 'unknown', 2: 'running', 3: 'warning', 4: 'testing', 5: 'down' };

/** hrPrinterDetectedErrorState bits, most significant bit of the first octet first (RFC 3805 errata). */
const ERROR_BITS = [
  'lowPaper',
  'noPaper',
  'lowToner',
  'noToner',
  'doorOpen',
  'jammed',
  'offline',
  'serviceRequested',
  'inputTrayMissing',
  'outputTrayMissing',
  'markerSupplyMissing',
  'outputNearFull',
  'outputFull',
  'inputTrayEmpty',
  'overduePreventMaint',
];

export function decodeErrorState(bytes: Buffer): string[] {
  const out: string[] = [];
  ERROR_BITS.forEach((name, bit) => {
    const octet = bytes[bit >> 3];
    if (octet !== undefined && octet & (0x80 >> (bit & 7))) out.push(name);
  });
  return out;
}

const SEVERITY: Record<number, string> = { 1: 'other', 3: 'critical', 4: 'warning', 5: 'warningBinaryChangeEvent' };
const GROUP: Record<number, string> = {
  1: 'other',
  3: 'hostResourcesMIBStorageTable',
  4: 'hostResourcesMIBDeviceTable',
  5: 'generalPrinter',
  6: 'cover',
  7: 'localization',
  8: 'input',
  9: 'output',
  10: 'marker',
  11: 'markerSupplies',
  12: 'markerColorant',
  13: 'mediaPath',
  14: 'channel',
  15: 'interpreter',
  16: 'consoleDisplayBuffer',
  17: 'consoleLights',
  18: 'alert',
  30: 'finDevice',
  31: 'finSupply',
  32: 'finSupplyMediaInput',
  33: 'finAttribute',
};
/** prtAlertCode (RFC 3805 PrtAlertCodeTC), the common ones by name. */
const CODE: Record<number, string> = {
  1: 'other',
  2: 'unknown',
  3: 'coverOpen',
  4: 'coverClosed',
  5: 'interlockOpen',
  6: 'interlockClosed',
  7: 'configurationChange',
  8: 'jam',
  9: 'subunitMissing',
  10: 'subunitLifeAlmostOver',
  11: 'subunitLifeOver',
  12: 'subunitAlmostEmpty',
  13: 'subunitEmpty',
  14: 'subunitAlmostFull',
  15: 'subunitFull',
  16: 'subunitNearLimit',
  17: 'subunitAtLimit',
  18: 'subunitOpened',
  19: 'subunitClosed',
  20: 'subunitTurnedOn',
  21: 'subunitTurnedOff',
  22: 'subunitOffline',
  23: 'subunitPowerSaver',
  24: 'subunitWarmingUp',
  25: 'subunitAdded',
  26: 'subunitRemoved',
  27: 'subunitResourceAdded',
  28: 'subunitResourceRemoved',
  29: 'subunitRecoverableFailure',
  30: 'subunitUnrecoverableFailure',
  31: 'subunitRecoverableStorageError',
  32: 'subunitUnrecoverableStorageError',
  33: 'subunitMotorFailure',
  34: 'subunitMemoryExhausted',
  35: 'subunitUnderTemperature',
  36: 'subunitOverTemperature',
  37: 'subunitTimingFailure',
  38: 'subunitThermistorFailure',
  501: 'doorOpen',
  502: 'doorClosed',
  503: 'powerUp',
  504: 'powerDown',
  505: 'printerNMSReset',
  506: 'printerManualReset',
  507: 'printerReadyToPrint',
  801: 'inputMediaTrayMissing',
  802: 'inputMediaSizeChange',
  803: 'inputMediaWeightChange',
  804: 'inputMediaTypeChange',
  805: 'inputMediaColorChange',
  806: 'inputMediaFormPartsChange',
  807: 'inputMediaSupplyLow',
  808: 'inputMediaSupplyEmpty',
  809: 'inputMediaChangeRequest',
  810: 'inputManualInputRequest',
  811: 'inputTrayPositionFailure',
  812: 'inputTrayElevationFailure',
  813: 'inputCannotFeedSizeSelected',
  901: 'outputMediaTrayMissing',
  902: 'outputMediaTrayAlmostFull',
  903: 'outputMediaTrayFull',
  904: 'outputMailboxSelectFailure',
  1001: 'markerFuserUnderTemperature',
  1002: 'markerFuserOverTemperature',
  1003: 'markerFuserTimingFailure',
  1004: 'markerFuserThermistorFailure',
  1005: 'markerAdjustingPrintQuality',
  1101: 'markerTonerEmpty',
  1102: 'markerInkEmpty',
  1103: 'markerPrintRibbonEmpty',
  1104: 'markerTonerAlmostEmpty',
  1105: 'markerInkAlmostEmpty',
  1106: 'markerPrintRibbonAlmostEmpty',
  1107: 'markerWasteTonerReceptacleAlmostFull',
  1108: 'markerWasteInkReceptacleAlmostFull',
  1109: 'markerWasteTonerReceptacleFull',
  1110: 'markerWasteInkReceptacleFull',
  1111: 'markerOpcLifeAlmostOver',
  1112: 'markerOpcLifeOver',
  1113: 'markerDeveloperAlmostEmpty',
  1114: 'markerDeveloperEmpty',
  1115: 'markerTonerCartridgeMissing',
  1301: 'mediaPathMediaTrayMissing',
  1302: 'mediaPathMediaTrayAlmostFull',
  1303: 'mediaPathMediaTrayFull',
  1304: 'mediaPathCannotDuplexMediaSelected',
  1501: 'interpreterMemoryIncrease',
  1502: 'interpreterMemoryDecrease',
  1503: 'interpreterCartridgeAdded',
  1504: 'interpreterCartridgeDeleted',
  1505: 'interpreterResourceAdded',
  1506: 'interpreterResourceDeleted',
  1507: 'interpreterResourceUnavailable',
  1509: 'interpreterComplexPageEncountered',
  1801: 'alertRemovalOfBinaryChangeEntry',
};

function rowsByIndex(r: Readings, column: string): Map<string, Varbind> {
  return new Map((r.columns.get(column) ?? []).map((vb) => [vb.oid.slice(column.length + 1), vb]));
}

function numberAt(rows: Map<string, Varbind>, index: string): number | undefined {
  const vb = rows.get(index);
  return vb && typeof vb.value === 'number' ? vb.value : undefined;
}

export function alertsFrom(r: Readings): Alert[] {
  const cols = Object.fromEntries(Object.entries(ALERT_COLUMNS).map(([k, oid]) => [k, rowsByIndex(r, oid)])) as Record<keyof typeof ALERT_COLUMNS, Map<string, Varbind>>;
  const indexes = new Set([...cols.severity.keys(), ...cols.code.keys()]);
  return [...indexes].map((index) => {
    const code = numberAt(cols.code, index);
    const severity = numberAt(cols.severity, index);
    const group = numberAt(cols.group, index);
    const description = cols.description.get(index);
    const time = numberAt(cols.time, index);
    return {
      index: Number(index.split('.').pop()),
      severity: severity === undefined ? 'unknown' : (SEVERITY[severity] ?? String(severity)),
      group: group === undefined ? 'unknown' : (GROUP[group] ?? String(group)),
      code: code === undefined ? 'unknown' : (CODE[code] ?? String(code)),
      description: description && textOf(description, r.charset),
      timeSeconds: time === undefined ? undefined : Math.floor(time / 100),
    };
  });
}

/** The printer's row of hrPrinterTable (where a device has none: its error-state row, else 1), its device status, errors and alerts. */
export function statusFrom(r: Readings): DeviceStatus {
  const statusRow = r.columns.get(HR_PRINTER_STATUS)?.[0];
  const errorRow = r.columns.get(HR_PRINTER_ERRORS)?.[0];
  const index = statusRow?.oid.slice(HR_PRINTER_STATUS.length + 1) ?? errorRow?.oid.slice(HR_PRINTER_ERRORS.length + 1) ?? '1';
  const printer = statusRow && typeof statusRow.value === 'number' ? (PRINTER_STATUS[statusRow.value] ?? String(statusRow.value)) : undefined;
  const deviceValue = numberAt(rowsByIndex(r, HR_DEVICE_STATUS), index);
  const errorsVb = rowsByIndex(r, HR_PRINTER_ERRORS).get(index);
  return {
    printer,
    device: deviceValue === undefined ? undefined : (DEVICE_STATUS[deviceValue] ?? String(deviceValue)),
    errors: errorsVb && Buffer.isBuffer(errorsVb.value) ? decodeErrorState(errorsVb.value) : [],
    alerts: alertsFrom(r),
  };
}

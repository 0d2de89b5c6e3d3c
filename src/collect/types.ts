import type { DiscoveredDevice } from '../identify/types.js';
import type { SupplyType } from '../profiles/types.js';
import type { FieldValue } from './convert.js';
import type { MeterWarning } from './meter-warnings.js';

export type SupplyState = 'ok' | 'low' | 'empty' | 'someRemaining' | 'unknown' | 'other';

export interface Supply {
  index: number;
  description?: string;
  type: SupplyType;
  color?: string;
  /** in `unit`; null where the device gave a special level (see `state`) */
  level: number | null;
  max: number | null;
  unit?: string;
  /** 0–100, never above; null when the device does not say */
  percent: number | null;
  state: SupplyState;
  remainingPages?: number;
}

export interface Alert {
  index: number;
  severity: string;
  group: string;
  code: string;
  description?: string;
  /** sysUpTime seconds when the alert was raised */
  timeSeconds?: number;
}

export interface DeviceStatus {
  /** hrPrinterStatus: other, unknown, idle, printing, warmup */
  printer?: string;
  /** hrDeviceStatus: unknown, running, warning, testing, down */
  device?: string;
  /** hrPrinterDetectedErrorState decoded: lowPaper, noToner, jammed, doorOpen … */
  errors: string[];
  alerts: Alert[];
}

/** Where a value came from: settles billing disputes with evidence. */
export interface Provenance {
  profile: string;
  oid: string;
  raw: string;
  transform: string;
}

export interface FieldError {
  field: string;
  problem: 'timeout' | 'authFailed' | 'malformedReply' | 'budgetExceeded' | 'error' | 'badValue';
  detail: string;
}

export interface IdentityFields {
  mac?: string;
  hostname?: string;
  modelNumber?: string;
  serialNumber?: string;
  firmwareVersion?: string;
  firmwareDate?: string;
  location?: string;
  contact?: string;
  assetNumber?: string;
  deviceIdentifier?: string;
  display?: string;
  uptimeSeconds?: number;
}

/** One collected device: the discover record plus everything its profile reads. */
export interface DeviceRecord extends DiscoveredDevice, IdentityFields {
  /** the address's DNS name (PTR), with `--resolve` */
  dnsName?: string;
  meters: Record<string, number>;
  /** meters that read lower than at the device's last collect */
  meterWarnings?: MeterWarning[];
  supplies: Supply[];
  status: DeviceStatus;
  errors: FieldError[];
  collectedAt: string;
  /** SNMP requests this collect sent to the device */
  requests: number;
  /** per field, with `explain` */
  provenance?: Record<string, Provenance>;
}

export const IDENTITY_FIELDS = [
  'mac',
  'hostname',
  'modelNumber',
  'serialNumber',
  'firmwareVersion',
  'firmwareDate',
  'location',
  'contact',
  'assetNumber',
  'deviceIdentifier',
  'display',
  'uptimeSeconds',
] as const satisfies readonly (keyof IdentityFields)[];

export type FieldValues = Record<string, FieldValue>;

export interface CollectSummary {
  devices: number;
  collected: number;
  failed: number;
  requests: number;
  bytesOut: number;
  bytesIn: number;
  elapsedMs: number;
}

export type { CollectEvent } from '../events.js';

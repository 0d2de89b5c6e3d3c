import type { DeviceRecord } from '../collect/types.js';
import type { PrivacyLevel } from './privacy-levels.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface CollectorInfo {
  /** stable for one installation (kept in the state directory) */
  id: string;
  version: string;
  hostname: string;
  platform: string;
}

export interface ReportSummary {
  /** addresses swept; absent when the report comes from `collect` (no sweep) */
  addresses?: number;
  /** hosts that answered SNMP during the sweep */
  responded?: number;
  /** imaging devices the report covers */
  devices: number;
  collected: number;
  /** devices or hosts that could not be read: see `problems` */
  failed: number;
  requests: number;
  elapsedMs: number;
}

/** What one scan or collect found: the document that is sealed, spooled and pushed. */
export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  reportId: string;
  collector: CollectorInfo;
  startedAt: string;
  finishedAt: string;
  devices: DeviceRecord[];
  /** hosts that answer SNMP but are not imaging devices (only with `--all`) */
  others?: DiscoveredDevice[];
  problems: HostProblem[];
  summary: ReportSummary;
  /** what the site let leave it (`--privacy`); absent: full */
  privacy?: Exclude<PrivacyLevel, 'minimal'>;
}

/** What `minimal` sends of a device: what it is, its meters, supplies and status. */
export type MinimalDevice = Pick<DeviceRecord, 'kind' | 'vendor' | 'brand' | 'model' | 'family' | 'modelNumber' | 'serialNumber' | 'meters' | 'supplies' | 'status' | 'collectedAt'>;

export interface MinimalReport extends Omit<Report, 'devices' | 'others' | 'privacy'> {
  privacy: 'minimal';
  devices: MinimalDevice[];
}

/** A report as it leaves the site: whole, masked (the same shape) or minimal. */
export type SentReport = Report | MinimalReport;

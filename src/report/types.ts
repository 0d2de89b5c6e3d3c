import type { DeviceRecord } from '../collect/types.js';
import type { DiscoveredDevice, HostProblem } from '../discover/types.js';

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
}

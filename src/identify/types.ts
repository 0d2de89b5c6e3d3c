// What identifying one host yields: a found device discover hands to collect, or the problem it was.
import type { Kind } from '../profiles/types.js';
import type { SnmpVersion } from '../targets/scan-range.js';

export interface DiscoveredDevice {
  ip: string;
  port: number;
  kind: Kind;
  /** false for answering hosts that are not imaging devices (listed only with `all`) */
  imaging: boolean;
  vendor?: string;
  brand?: string;
  model?: string;
  family?: string;
  sysName?: string;
  sysDescr?: string;
  sysObjectID?: string;
  snmpVersion: SnmpVersion;
  /** id of the profile that matched */
  profile?: string;
  serialNumber?: string;
  deviceIdentifier?: string;
  responseMs: number;
  discoveredAt: string;
  /** paths of the fields cut to 1 KiB (e.g. `sysDescr`, `supplies[0].description`); absent when nothing was */
  truncated?: string[];
}

export type ProblemKind = 'timeout' | 'authFailed' | 'malformedReply' | 'budgetExceeded' | 'noRoute' | 'error';

/** An address that answered but could not be identified, or answered with nonsense. */
export interface HostProblem {
  ip: string;
  port: number;
  problem: ProblemKind;
  detail: string;
}

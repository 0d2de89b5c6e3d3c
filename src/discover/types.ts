import type { Kind } from '../profiles/types.js';
import type { Credential, SnmpVersion } from '../snmp/types.js';

/** One range of a scan with its own credentials (the shape of `--ranges` files and server config). */
export interface ScanRange {
  targets: string[];
  exclude?: string[];
  port?: number;
  /** tried in order on hosts that stayed silent */
  credentials: Credential[];
}

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

export interface DiscoverSummary {
  addresses: number;
  responded: number;
  devices: number;
  nonImaging: number;
  problems: number;
  probesSent: number;
  /** replies dropped because their source or request id matched nothing we sent */
  unexpectedReplies: number;
  /** replies from the address asked that could not be used (undecodable, wrong PDU or community, OID arcs past 32 bits) */
  refusedReplies: number;
  elapsedMs: number;
}

import { randomUUID } from 'node:crypto';
import type { CollectSummary, DeviceRecord } from '../collect/types.js';
import type { DiscoverSummary } from '../discover/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import { REPORT_SCHEMA_VERSION, type CollectorInfo, type Report } from './types.js';

export interface ReportParts {
  collector: CollectorInfo;
  startedAt: Date;
  finishedAt: Date;
  devices: DeviceRecord[];
  others?: DiscoveredDevice[];
  problems: HostProblem[];
  discover?: DiscoverSummary;
  collect?: CollectSummary;
}

const byIp = (a: { ip: string; port: number }, b: { ip: string; port: number }) =>
  a.ip.localeCompare(b.ip, 'en', { numeric: true }) || a.port - b.port;

export function buildReport(parts: ReportParts): Report {
  const { discover, collect } = parts;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    reportId: randomUUID(),
    collector: parts.collector,
    startedAt: parts.startedAt.toISOString(),
    finishedAt: parts.finishedAt.toISOString(),
    devices: [...parts.devices].sort(byIp),
    ...(parts.others && parts.others.length > 0 ? { others: [...parts.others].sort(byIp) } : {}),
    problems: parts.problems,
    summary: {
      ...(discover ? { addresses: discover.addresses, responded: discover.responded } : {}),
      devices: parts.devices.length + (collect?.failed ?? 0),
      collected: parts.devices.length,
      failed: parts.problems.length,
      requests: (discover?.probesSent ?? 0) + (collect?.requests ?? 0),
      elapsedMs: parts.finishedAt.getTime() - parts.startedAt.getTime(),
    },
  };
}

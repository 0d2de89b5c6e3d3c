import type { DiscoverSummary } from '../discover/types.js';
import type { DiscoveredDevice } from '../identify/types.js';
import { hostPort } from '../targets/target-set.js';
import { fitTable, plural, type Column } from './fit-table.js';

export const DEVICE_COLUMNS = ['ip', 'port', 'kind', 'vendor', 'brand', 'model', 'sysName', 'serialNumber', 'profile', 'snmpVersion', 'sysObjectID', 'sysDescr'] as const;

export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  // A leading =,+,-,@ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return DEVICE_COLUMNS.join(',');
}

export function csvRow(d: DiscoveredDevice): string {
  return DEVICE_COLUMNS.map((c) => csvCell(d[c])).join(',');
}

/** The maker, with the badge on an OEM model first: "Dell (Lexmark)". */
export function vendorCell(d: { brand?: string; vendor?: string }): string {
  return d.brand && d.brand !== d.vendor ? `${d.brand} (${d.vendor})` : (d.vendor ?? '');
}

const DEVICE_TABLE: Column[] = [
  { head: 'Address', priority: 0, min: 47 },
  { head: 'Kind', priority: 3, min: 5 },
  { head: 'Vendor', priority: 1, min: 6 },
  { head: 'Model', priority: 0, min: 10 },
  { head: 'Name', priority: 4, min: 8 },
  { head: 'Serial', priority: 2, min: 8 },
  { head: 'Profile', priority: 5, min: 6 },
];

export function deviceTable(devices: readonly DiscoveredDevice[], width?: number): string {
  const showPort = devices.some((d) => d.port !== 161);
  const rows = devices.map((d) => [
    showPort ? hostPort(d.ip, d.port) : d.ip,
    d.kind,
    vendorCell(d),
    d.model ?? '',
    d.sysName ?? '',
    d.serialNumber ?? '',
    d.profile ?? '',
  ]);
  return fitTable(DEVICE_TABLE, rows, width);
}

/** Address order, numerically: 127.0.0.9 before 127.0.0.10. */
export function byAddress(a: DiscoveredDevice, b: DiscoveredDevice): number {
  const key = (d: DiscoveredDevice) => (d.ip.includes(':') ? d.ip : d.ip.split('.').map((n) => n.padStart(3, '0')).join('.'));
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.port - b.port;
}

/** What a sweep that saw the path drop packets tells a person (or cron's mail): devices may be missing. */
export function lossWarning(s: DiscoverSummary): string | undefined {
  if (!s.loss.seen) return undefined;
  const { sentinels, sentinelsLost, answeredLate, estimate } = s.loss;
  const seen = [
    sentinelsLost > 0 ? `${sentinelsLost} of ${plural(sentinels, 'second probe')} to answering hosts went unanswered` : '',
    answeredLate > 0 ? `${plural(answeredLate, 'host')} answered only a later probe` : '',
  ].filter(Boolean);
  const share = estimate > 0 ? ` (about ${Math.max(1, Math.round(estimate * 100))} % of probes lost)` : '';
  return `the path dropped packets${share}: ${seen.join('; ')}; devices may be missing: scan again with a lower --rate (e.g. --rate 5000) or from closer to the devices`;
}

export function discoverSummaryLine(s: DiscoverSummary): string {
  const line = `scanned ${plural(s.addresses, 'address', 'addresses')} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.responded.toLocaleString('en-US')} answered, ${plural(s.devices, 'imaging device')}, ${plural(s.nonImaging, 'other host')}, ${plural(s.problems, 'problem')}`;
  if (s.loss.seen) return `${line}, packet loss seen`;
  if (s.addresses === 0 || s.responded > 0) return line;
  // Silence from every address is most often a wrong community or version, not an empty network.
  return `${line}\nno address answered SNMP: check the community (--community) and version (--snmp-version), or the credentials in --ranges, and that UDP port 161 is not filtered`;
}

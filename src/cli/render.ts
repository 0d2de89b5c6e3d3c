import Table from 'cli-table3';
import type { DiscoveredDevice } from '../discover/types.js';
import { hostPort } from '../targets/target-set.js';

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

export function deviceTable(devices: readonly DiscoveredDevice[]): string {
  const showPort = devices.some((d) => d.port !== 161);
  const head = ['Address', 'Kind', 'Vendor', 'Model', 'Name', 'Serial', 'Profile'];
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const d of devices) {
    table.push([
      showPort ? hostPort(d.ip, d.port) : d.ip,
      d.kind,
      d.brand ? `${d.brand} (${d.vendor})` : (d.vendor ?? ''),
      d.model ?? '',
      d.sysName ?? '',
      d.serialNumber ?? '',
      d.profile ?? '',
    ]);
  }
  return table.toString();
}

/** Address order, numerically: 127.0.0.9 before 127.0.0.10. */
export function byAddress(a: DiscoveredDevice, b: DiscoveredDevice): number {
  const key = (d: DiscoveredDevice) => (d.ip.includes(':') ? d.ip : d.ip.split('.').map((n) => n.padStart(3, '0')).join('.'));
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.port - b.port;
}

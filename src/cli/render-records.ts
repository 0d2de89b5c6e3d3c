/** Collected device records as a table, CSV, and `--explain` evidence. */
import Table from 'cli-table3';
import type { DeviceRecord, Supply } from '../collect/types.js';
import { csvCell } from './render.js';
import { hostPort } from '../targets/target-set.js';

const METER_COLUMNS = ['total', 'print', 'copy', 'fax', 'mono', 'color', 'scan'] as const;
const RECORD_COLUMNS = ['ip', 'port', 'kind', 'vendor', 'brand', 'model', 'serialNumber', 'mac', 'hostname', 'location', 'firmwareVersion', 'assetNumber'] as const;

export function recordCsvHeader(): string {
  return [...RECORD_COLUMNS, ...METER_COLUMNS.map((m) => `meters.${m}`), 'status.printer', 'status.errors', 'supplies', 'errors'].join(',');
}

function supplyText(s: Supply): string {
  const level = s.percent !== null ? `${Math.round(s.percent)}%` : s.state;
  return `${s.description ?? s.type}=${level}`;
}

export function recordCsvRow(r: DeviceRecord): string {
  return [
    ...RECORD_COLUMNS.map((c) => r[c]),
    ...METER_COLUMNS.map((m) => r.meters[m]),
    r.status.printer,
    r.status.errors.join(' '),
    r.supplies.map(supplyText).join('; '),
    r.errors.map((e) => `${e.field}: ${e.problem}`).join('; '),
  ]
    .map(csvCell)
    .join(',');
}

const COLOR_LETTER: Record<string, string> = { black: 'K', cyan: 'C', magenta: 'M', yellow: 'Y' };

function suppliesCell(supplies: readonly Supply[]): string {
  const marking = supplies.filter((s) => s.type === 'toner' || s.type === 'ink' || s.type === 'ribbon');
  return marking
    .map((s) => `${(s.color && COLOR_LETTER[s.color]) ?? s.color ?? s.type} ${s.percent !== null ? `${Math.round(s.percent)}%` : s.state}`)
    .join(' ');
}

export function recordTable(records: readonly DeviceRecord[]): string {
  const showPort = records.some((r) => r.port !== 161);
  const table = new Table({ head: ['Address', 'Vendor', 'Model', 'Serial', 'Total', 'Mono', 'Color', 'Toner/ink', 'Status'], style: { head: [], border: [] } });
  for (const r of records) {
    const status = r.errors.some((e) => e.field === 'values' || e.field === 'tables')
      ? r.errors.map((e) => e.problem).join(', ')
      : [r.status.printer, ...r.status.errors].filter(Boolean).join(', ');
    table.push([
      showPort ? hostPort(r.ip, r.port) : r.ip,
      r.brand ? `${r.brand} (${r.vendor})` : (r.vendor ?? ''),
      r.model ?? '',
      r.serialNumber ?? '',
      r.meters.total ?? '',
      r.meters.mono ?? '',
      r.meters.color ?? '',
      suppliesCell(r.supplies),
      status,
    ]);
  }
  return table.toString();
}

/** Per device, each field with the OID, raw value, transform and profile behind it. */
export function explainText(records: readonly DeviceRecord[]): string {
  const lines: string[] = [];
  for (const r of records) {
    lines.push(`${hostPort(r.ip, r.port)} — profile ${r.profile ?? 'printer-mib'}`);
    const entries = Object.entries(r.provenance ?? {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [field, p] of entries) {
      const value = field.startsWith('meters.') ? r.meters[field.slice(7)] : (r as unknown as Record<string, unknown>)[field];
      lines.push(`  ${field} = ${JSON.stringify(value)}  from ${p.oid} raw ${p.raw} as ${p.transform} (profile ${p.profile})`);
    }
    for (const e of r.errors) lines.push(`  ${e.field}: ${e.problem}: ${e.detail}`);
  }
  return lines.join('\n');
}

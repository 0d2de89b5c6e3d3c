/** Collected device records as a table, CSV, and `--explain` evidence. */
import type { DeviceRecord, Supply } from '../collect/types.js';
import { fitTable, thousands, type Column } from './fit-table.js';
import { csvCell, vendorCell } from './render.js';
import { hostPort } from '../targets/target-set.js';
import { scalarsFailed } from '../record-fields.js';

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
const MARKING = new Set(['toner', 'ink', 'ribbon']);
/** What a person calls each special level, instead of the MIB's words. */
const LEVEL_WORD: Record<string, string> = { someRemaining: 'some left', unknown: '?', other: '?', empty: 'empty' };

/** A supply's short name: its colour letter, else the first word of its description, else its type. */
function supplyLabel(s: Supply): string {
  if (s.color && COLOR_LETTER[s.color]) return COLOR_LETTER[s.color];
  const word = s.description?.trim().split(/\s+/)[0];
  return s.color ?? (word && word.length <= 10 ? word : s.type);
}

/** Every supply, marking supplies first; low and empty ones flagged with "!". */
export function suppliesCell(supplies: readonly Supply[]): string {
  const ordered = [...supplies.filter((s) => MARKING.has(s.type) || s.type === 'other'), ...supplies.filter((s) => !MARKING.has(s.type) && s.type !== 'other')];
  return ordered
    .map((s) => {
      const level = s.percent !== null && s.state !== 'empty' ? `${Math.round(s.percent)}%` : (LEVEL_WORD[s.state] ?? s.state);
      const flag = s.state === 'low' || s.state === 'empty' ? '!' : '';
      return `${supplyLabel(s)} ${level}${flag}`;
    })
    .join(' ');
}

/** hrPrinterDetectedErrorState and hrPrinterStatus in plain words. */
const STATUS_WORD: Record<string, string> = {
  lowPaper: 'paper low', noPaper: 'no paper', lowToner: 'toner low', noToner: 'no toner', doorOpen: 'door open',
  jammed: 'jammed', offline: 'offline', serviceRequested: 'service requested', inputTrayMissing: 'tray missing',
  outputTrayMissing: 'output tray missing', markerSupplyMissing: 'supply missing', outputNearFull: 'output nearly full',
  outputFull: 'output full', inputTrayEmpty: 'tray empty', overduePreventMaint: 'maintenance due', warmup: 'warming up',
};

/** What state a device is in: unreachable problems once each, else its status and errors in words. */
export function statusCell(r: DeviceRecord): string {
  const words = scalarsFailed(r)
    ? r.errors.map((e) => e.problem)
    : [r.status.printer, ...(r.status.device === 'down' || r.status.device === 'warning' ? [r.status.device] : []), ...r.status.errors, ...r.errors.map((e) => `${e.field} ${e.problem}`)];
  return [...new Set(words.filter((w): w is string => !!w && w !== 'other' && w !== 'unknown').map((w) => STATUS_WORD[w] ?? w))].join(', ');
}

const RECORD_TABLE: Column[] = [
  { head: 'Address', priority: 0, min: 47 },
  { head: 'Vendor', priority: 5, min: 6 },
  { head: 'Model', priority: 0, min: 10 },
  { head: 'Serial', priority: 3, min: 8 },
  { head: 'Total', priority: 1, min: 7, align: 'right' },
  { head: 'Mono', priority: 6, min: 7, align: 'right' },
  { head: 'Color', priority: 6, min: 7, align: 'right' },
  { head: 'Supplies', priority: 2, min: 12 },
  { head: 'Status', priority: 1, min: 8 },
];

export function recordTable(records: readonly DeviceRecord[], width?: number): string {
  const showPort = records.some((r) => r.port !== 161);
  const rows = records.map((r) => [
    showPort ? hostPort(r.ip, r.port) : r.ip,
    vendorCell(r),
    r.model ?? '',
    r.serialNumber ?? '',
    thousands(r.meters.total),
    thousands(r.meters.mono),
    thousands(r.meters.color),
    suppliesCell(r.supplies),
    statusCell(r),
  ]);
  return fitTable(RECORD_TABLE, rows, width);
}

/** The value an `--explain` line is about: a meter, a supply (by its index), a status part or a top-level field. */
function valueAt(r: DeviceRecord, field: string): unknown {
  const [head, rest] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
  if (head === 'meters') return r.meters[rest];
  if (head === 'supplies') {
    const s = r.supplies.find((x) => String(x.index) === rest);
    return s && `${s.description ?? s.type} ${s.percent === null ? s.state : `${s.percent}%`}`;
  }
  if (head === 'status') return rest === 'alerts' ? r.status.alerts.map((a) => a.code) : r.status[rest as keyof DeviceRecord['status']];
  return (r as unknown as Record<string, unknown>)[field];
}

/** Per device, each field with the OID, raw value, transform and profile behind it. */
export function explainText(records: readonly DeviceRecord[]): string {
  const lines: string[] = [];
  for (const r of records) {
    lines.push(`${hostPort(r.ip, r.port)} — profile ${r.profile ?? 'printer-mib'}`);
    const entries = Object.entries(r.provenance ?? {}).sort(([a], [b]) => a.localeCompare(b));
    for (const [field, p] of entries) {
      lines.push(`  ${field} = ${JSON.stringify(valueAt(r, field))}  from ${p.oid} raw ${p.raw} as ${p.transform} (profile ${p.profile})`);
    }
    for (const e of r.errors) lines.push(`  ${e.field}: ${e.problem}: ${e.detail}`);
  }
  return lines.join('\n');
}

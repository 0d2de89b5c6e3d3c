/**
 * A failed read named by what it cost: each error names the record field left empty
 * (`supplies`, `status.alerts`, `meters.total`, `serialNumber` …), never the kind of request.
 */
import type { DeclaredSupply, ResolvedField } from '../profiles/types.js';
import { addNeeds, emptyNeeds, type Needs } from './fields.js';
import type { RoundResult } from './read-round.js';
import { ALERT_COLUMNS, COLORANT_VALUE, HR_DEVICE_STATUS, HR_PRINTER_ERRORS, HR_PRINTER_STATUS, SUPPLY_COLUMNS } from './standard-oids.js';
import type { TableField } from '../record-fields.js';
import type { DeviceRecord, FieldError } from './types.js';

/** The standard tables read for every device, by the record field each fills, and when that field is empty. */
const STANDARD_TABLES: { field: TableField; columns: readonly string[]; empty: (r: Pick<DeviceRecord, 'supplies' | 'status'>) => boolean }[] = [
  { field: 'supplies', columns: [...Object.values(SUPPLY_COLUMNS), COLORANT_VALUE], empty: (r) => r.supplies.length === 0 },
  { field: 'status.alerts', columns: Object.values(ALERT_COLUMNS), empty: (r) => r.status.alerts.length === 0 },
  { field: 'status.printer', columns: [HR_PRINTER_STATUS], empty: (r) => r.status.printer === undefined },
  { field: 'status.device', columns: [HR_DEVICE_STATUS], empty: (r) => r.status.device === undefined },
  { field: 'status.errors', columns: [HR_PRINTER_ERRORS], empty: (r) => r.status.errors.length === 0 },
];

export interface ReadRound {
  needs: Needs;
  result: RoundResult;
}

/** One error per record field that is empty because a read it depends on failed in one of the rounds. */
export function readErrors(
  ip: string,
  rounds: readonly ReadRound[],
  wanted: readonly [string, ResolvedField][],
  missing: ReadonlySet<string>,
  declared: readonly DeclaredSupply[],
  record: Pick<DeviceRecord, 'supplies' | 'status'>,
): FieldError[] {
  const errors = new Map<string, FieldError>();
  const needsOf = (sources: Parameters<typeof addNeeds>[0][], columns: readonly string[] = []) => {
    const n = emptyNeeds();
    for (const source of sources) addNeeds(source, ip, n);
    for (const column of columns) n.columns.add(column);
    return n;
  };
  for (const { needs, result } of rounds) {
    const failureFor = (n: Needs) =>
      (result.getFailed && [...n.gets].some((oid) => needs.gets.has(oid)) ? result.getFailed : undefined) ??
      (result.tablesFailed && [...n.columns].some((column) => needs.columns.has(column)) ? result.tablesFailed : undefined);
    const note = (field: string, n: Needs) => {
      const failure = failureFor(n);
      if (failure && !errors.has(field)) errors.set(field, { field, ...failure });
    };
    for (const [name, field] of wanted) if (missing.has(name)) note(name, needsOf(field.sources.map((s) => s.source)));
    for (const table of STANDARD_TABLES) {
      if (!table.empty(record)) continue;
      const supplySources = table.field === 'supplies' ? declared.flatMap((d) => [d.percent, ...(d.remainingPages ? [d.remainingPages] : [])]) : [];
      note(table.field, needsOf(supplySources, table.columns));
    }
  }
  return [...errors.values()];
}

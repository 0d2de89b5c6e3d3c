/**
 * Table columns read from what the last collect saw. A device's tables rarely change shape,
 * so the rows seen last time are asked for by instance in the GET that carries the scalars,
 * and one GETNEXT per table, past the last row of its longest column, tells whether rows were
 * added. Only tables that grew, columns that lost a row, and columns never seen are walked: a
 * collect of a known device is one round trip with no past-the-end answers.
 */
import { compareOids } from '../snmp/oid.js';
import type { SnmpReader } from '../snmp/reader.js';
import type { Varbind } from '../snmp/types.js';

/** Per column OID, the index suffixes of its rows at the last collect. */
export type TableRows = Record<string, string[]>;

export interface KnownTable {
  /** the columns read from this table, each with the instances seen last time */
  columns: { column: string; instances: string[] }[];
  /** where the GETNEXT that detects new rows starts: the last row of the longest column, or the first column of an empty table */
  after: string;
  /** an answer under one of these prefixes means the table grew */
  grewUnder: string[];
}

export interface TablePlan {
  /** column instances asked for by GET, with the scalars */
  instances: string[];
  /** tables with known rows: one GETNEXT each says whether rows were added */
  lookahead: KnownTable[];
  /** columns never seen: walked from their start */
  walk: string[];
}

const OID_TEXT = /^\d+(\.\d+)*$/;

/** The table entry a column belongs to: the column OID without its last arc. */
const entryOf = (column: string) => column.slice(0, column.lastIndexOf('.'));

export function planTables(columns: readonly string[], known: TableRows | undefined): TablePlan {
  const plan: TablePlan = { instances: [], lookahead: [], walk: [] };
  const tables = new Map<string, { column: string; instances: string[] }[]>();
  for (const column of new Set(columns)) {
    const rows = known?.[column];
    if (!Array.isArray(rows) || !rows.every((r) => OID_TEXT.test(r))) {
      plan.walk.push(column);
      continue;
    }
    const instances = rows.map((row) => `${column}.${row}`);
    plan.instances.push(...instances);
    const entry = entryOf(column);
    tables.set(entry, [...(tables.get(entry) ?? []), { column, instances }]);
  }
  for (const cols of tables.values()) {
    cols.sort((a, b) => compareOids(a.column, b.column));
    const longest = cols.reduce((a, b) => (b.instances.length >= a.instances.length ? b : a));
    const last = longest.instances.at(-1);
    plan.lookahead.push(
      last
        ? { columns: cols, after: last, grewUnder: [`${longest.column}.`] }
        : { columns: cols, after: cols[0].column, grewUnder: cols.map((c) => `${c.column}.`) },
    );
  }
  return plan;
}

/**
 * Puts the columns together from the GET answers, the lookahead and the walk. A table that
 * grew is walked on from each column's last known row; a column that lost a row is walked
 * whole (the table changed shape).
 */
export async function completeTables(
  reader: SnmpReader,
  plan: TablePlan,
  got: ReadonlyMap<string, Varbind>,
  next: readonly (Varbind | undefined)[],
  walked: ReadonlyMap<string, Varbind[]>,
): Promise<Map<string, Varbind[]>> {
  const out = new Map<string, Varbind[]>(walked);
  const again: string[] = [];
  const after = new Map<string, string>();
  plan.lookahead.forEach((table, i) => {
    const answer = next[i]?.oid;
    const grew = answer !== undefined && table.grewUnder.some((prefix) => answer.startsWith(prefix));
    for (const { column, instances } of table.columns) {
      const rows = instances.map((oid) => got.get(oid)).filter((vb): vb is Varbind => vb !== undefined);
      if (rows.length < instances.length) {
        out.set(column, []);
        again.push(column);
        continue;
      }
      out.set(column, rows);
      if (grew) {
        again.push(column);
        if (instances.length > 0) after.set(column, instances.at(-1)!);
      }
    }
  });
  if (again.length === 0) return out;
  const more = await reader.walkColumns(again, undefined, after);
  for (const column of again) out.set(column, [...(out.get(column) ?? []), ...(more.get(column) ?? [])]);
  return out;
}

/** What to remember for the next collect: the row suffixes of every column read. */
export function rowsOf(columns: ReadonlyMap<string, readonly Varbind[]>): TableRows {
  const rows: TableRows = {};
  for (const [column, varbinds] of columns) rows[column] = varbinds.map((vb) => vb.oid.slice(column.length + 1));
  return rows;
}

import { compareOids } from './oid.js';
import type { Varbind } from './types.js';
import type { SnmpVersion } from '../targets/scan-range.js';

/**
 * What discover's identification and collect need from a device. The network client
 * implements it; so does a recording replayed with no network at all (`--from-walk`).
 */
export interface SnmpReader {
  readonly version: SnmpVersion;
  /** requests sent so far */
  readonly requests: number;
  /** GET; absent OIDs are left out of the map */
  get(oids: readonly string[]): Promise<Map<string, Varbind>>;
  /** GETNEXT per OID; undefined where the MIB ends */
  getNext(oids: readonly string[]): Promise<(Varbind | undefined)[]>;
  /**
   * The rows of several table columns at once, each column's rows in order, at most `maxRows`
   * each; a column named in `after` starts past that OID (the rows already known).
   */
  walkColumns(columns: readonly string[], maxRows?: number, after?: ReadonlyMap<string, string>): Promise<Map<string, Varbind[]>>;
}

export const DEFAULT_MAX_ROWS = 1000;

/**
 * Walks columns with any "next rows" primitive: shared by the network client and replays.
 * Every walk ends: each column's rows climb strictly and stop at `maxRows`.
 */
export async function walkColumnsWith(
  columns: readonly string[],
  maxRows: number,
  nextRows: (cursors: string[]) => Promise<(Varbind | undefined)[][]>,
  after?: ReadonlyMap<string, string>,
): Promise<Map<string, Varbind[]>> {
  const out = new Map<string, Varbind[]>(columns.map((c) => [c, []]));
  let active = [...new Set(columns)].map((column) => ({ column, cursor: after?.get(column) ?? column }));
  while (active.length > 0) {
    const batches = await nextRows(active.map((a) => a.cursor));
    const still: typeof active = [];
    // A truncated GETBULK answer may leave a column out: it stays active while others move.
    const moved = batches.some((b) => b.length > 0);
    active.forEach((a, i) => {
      const rows = out.get(a.column)!;
      const batch = batches[i] ?? [];
      for (const vb of batch) {
        // As snmpwalk: the column ends where an answer leaves it or does not climb past the last row.
        if (!vb || !vb.oid.startsWith(a.column + '.') || compareOids(vb.oid, a.cursor) <= 0 || rows.length >= maxRows) return;
        rows.push(vb);
        a.cursor = vb.oid;
      }
      if (moved) still.push(a);
    });
    active = still;
  }
  return out;
}

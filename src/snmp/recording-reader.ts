/** A recording answering reads directly, with v2c semantics and no network: `collect --from-walk`. */
import { DEFAULT_MAX_ROWS, walkColumnsWith, type SnmpReader } from './reader.js';
import type { Varbind } from './types.js';
import type { MibView } from './mib-view.js';

/** Rows handed over per column per step; the walk stops where a column ends. */
const BATCH = 64;

export class RecordingReader implements SnmpReader {
  readonly version = '2c' as const;
  requests = 0;

  constructor(private readonly view: MibView) {}

  async get(oids: readonly string[]): Promise<Map<string, Varbind>> {
    this.requests++;
    const out = new Map<string, Varbind>();
    for (const oid of oids) {
      const vb = this.view.get(oid);
      if (vb) out.set(oid, vb);
    }
    return out;
  }

  async getNext(oids: readonly string[]): Promise<(Varbind | undefined)[]> {
    this.requests++;
    return oids.map((oid) => this.view.next(oid));
  }

  walkColumns(columns: readonly string[], maxRows = DEFAULT_MAX_ROWS, after?: ReadonlyMap<string, string>): Promise<Map<string, Varbind[]>> {
    return walkColumnsWith(columns, maxRows, async (cursors) => {
      this.requests++;
      return cursors.map((cursor) => {
        const rows: Varbind[] = [];
        for (let vb = this.view.next(cursor); vb && rows.length < BATCH; vb = this.view.next(vb.oid)) rows.push(vb);
        return rows;
      });
    }, after);
  }
}

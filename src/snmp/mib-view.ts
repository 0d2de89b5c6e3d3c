import { compareOids } from './oid.js';
import type { Varbind } from './types.js';

/** A recorded device's OIDs in lexicographic order, for GET and GETNEXT. */
export class MibView {
  private readonly oids: string[];
  private readonly byOid: Map<string, Varbind>;

  constructor(varbinds: Varbind[]) {
    this.byOid = new Map(varbinds.map((vb) => [vb.oid, vb]));
    this.oids = [...this.byOid.keys()].sort(compareOids);
  }

  get size(): number {
    return this.oids.length;
  }

  get(oid: string): Varbind | undefined {
    return this.byOid.get(oid);
  }

  /** The first varbind strictly after `oid` that `accept` allows. */
  next(oid: string, accept: (vb: Varbind) => boolean = () => true): Varbind | undefined {
    let lo = 0;
    let hi = this.oids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareOids(this.oids[mid], oid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.oids.length; i++) {
      const vb = this.byOid.get(this.oids[i])!;
      if (accept(vb)) return vb;
    }
    return undefined;
  }

  /** Changes the value of an OID the recording holds; the set of OIDs, and so the walk order, stays as recorded. */
  set(oid: string, value: Varbind['value']): void {
    const vb = this.byOid.get(oid);
    if (vb) this.byOid.set(oid, { ...vb, value });
  }

  /** True when some object lives under `oid`'s parent: the object exists, the instance does not. */
  hasObject(oid: string): boolean {
    const parent = oid.slice(0, oid.lastIndexOf('.'));
    const next = this.next(parent);
    return next !== undefined && next.oid.startsWith(parent + '.');
  }
}

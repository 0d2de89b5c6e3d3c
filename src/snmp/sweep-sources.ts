/**
 * The slot of each probe in flight by the address and port it went to, for the one reply that
 * cannot name its slot: bytes too broken to carry a request id. Open addressing over a hash of
 * the address text in a typed array: no key string and no Map entry per probe.
 */
export interface Source {
  host: string;
  port: number;
}

const EMPTY = 0;

function hash(host: string, port: number): number {
  let h = 0x811c9dc5 ^ port;
  for (let i = 0; i < host.length; i++) h = Math.imul(h ^ host.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

export class SourceIndex {
  /** slot + 1 of each entry, EMPTY where none; linear probing, at most half full */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** each slot's home in the table, kept so that removing never hashes text again */
  private readonly home: Int32Array;

  /** `sourceOf` names the address of a slot in the index (its probe's target). */
  constructor(
    capacity: number,
    private readonly sourceOf: (slot: number) => Source,
  ) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, capacity * 2)));
    this.table = new Int32Array(size);
    this.mask = size - 1;
    this.home = new Int32Array(capacity);
  }

  add(slot: number): void {
    const { host, port } = this.sourceOf(slot);
    let i = hash(host, port) & this.mask;
    this.home[slot] = i;
    while (this.table[i] !== EMPTY) i = (i + 1) & this.mask;
    this.table[i] = slot + 1;
  }

  /** The slot of a probe in flight to host:port, or -1. */
  find(host: string, port: number): number {
    for (let i = hash(host, port) & this.mask; this.table[i] !== EMPTY; i = (i + 1) & this.mask) {
      const source = this.sourceOf(this.table[i] - 1);
      if (source.host === host && source.port === port) return this.table[i] - 1;
    }
    return -1;
  }

  /** Removes a slot; later entries of its run shift back so lookups never stop early. */
  remove(slot: number): void {
    let i = this.home[slot];
    while (this.table[i] !== slot + 1) {
      if (this.table[i] === EMPTY) return;
      i = (i + 1) & this.mask;
    }
    for (let j = (i + 1) & this.mask; this.table[j] !== EMPTY; j = (j + 1) & this.mask) {
      const home = this.home[this.table[j] - 1];
      // The entry at j may move to the hole at i unless its home lies cyclically in (i, j].
      const homeBetween = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!homeBetween) {
        this.table[i] = this.table[j];
        i = j;
      }
    }
    this.table[i] = EMPTY;
  }
}

/** The sweep's per-probe bookkeeping: request ids that name their slot, and expiry in send order. */
import { randomBytes } from 'node:crypto';

const HALF_BITS = 15;
const HALF_MASK = (1 << HALF_BITS) - 1;

/** A 4-round Feistel network over 30 bits with random round keys. */
export class IdPermutation {
  private readonly keys: Uint32Array;

  constructor() {
    this.keys = new Uint32Array(randomBytes(16).buffer);
  }

  private round(half: number, key: number): number {
    let h = Math.imul(half ^ key, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca77);
    return (h ^ (h >>> 13)) & HALF_MASK;
  }

  forward(x: number): number {
    let l = x >>> HALF_BITS;
    let r = x & HALF_MASK;
    for (const k of this.keys) [l, r] = [r, l ^ this.round(r, k)];
    return (l << HALF_BITS) | r;
  }

  inverse(y: number): number {
    let l = y >>> HALF_BITS;
    let r = y & HALF_MASK;
    for (let i = this.keys.length - 1; i >= 0; i--) [l, r] = [r ^ this.round(l, this.keys[i]), l];
    return (l << HALF_BITS) | r;
  }
}

/** Expiry times in send order: with one timeout for all, the head always expires first. */
export class ExpiryQueue {
  private slot = new Int32Array(1024);
  private seq = new Int32Array(1024);
  private at = new Float64Array(1024);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(slot: number, seq: number, at: number): void {
    if (this.count === this.slot.length) this.grow();
    const i = (this.head + this.count) % this.slot.length;
    this.slot[i] = slot;
    this.seq[i] = seq;
    this.at[i] = at;
    this.count++;
  }

  headTime(): number {
    return this.at[this.head];
  }

  /** Calls `fn` for each entry due by `now`. */
  drain(now: number, fn: (slot: number, seq: number) => void): void {
    while (this.count > 0 && this.at[this.head] <= now) {
      const slot = this.slot[this.head];
      const seq = this.seq[this.head];
      this.head = (this.head + 1) % this.slot.length;
      this.count--;
      fn(slot, seq);
    }
  }

  private grow(): void {
    const n = this.slot.length;
    const order = Array.from({ length: this.count }, (_, k) => (this.head + k) % n);
    const slot = new Int32Array(n * 2);
    const seq = new Int32Array(n * 2);
    const at = new Float64Array(n * 2);
    order.forEach((from, to) => {
      slot[to] = this.slot[from];
      seq[to] = this.seq[from];
      at[to] = this.at[from];
    });
    this.slot = slot;
    this.seq = seq;
    this.at = at;
    this.head = 0;
  }
}

/** Slots waiting to be sent again, in order, each once; a slot released meanwhile is skipped. */
export class ResendQueue {
  private items: number[] = [];
  private head = 0;
  private readonly queued: Uint8Array;

  constructor(capacity: number) {
    this.queued = new Uint8Array(capacity);
  }

  /** Entries left, some perhaps released: an upper bound. */
  get length(): number {
    return this.items.length - this.head;
  }

  push(slot: number): void {
    if (this.queued[slot]) return;
    this.queued[slot] = 1;
    this.items.push(slot);
  }

  /** A released slot is no longer due (its entry stays, and is skipped). */
  drop(slot: number): void {
    this.queued[slot] = 0;
  }

  /** The next slot due, or -1. */
  shift(): number {
    while (this.head < this.items.length) {
      const slot = this.items[this.head++];
      if (this.queued[slot]) {
        this.queued[slot] = 0;
        this.compact();
        return slot;
      }
    }
    this.items = [];
    this.head = 0;
    return -1;
  }

  private compact(): void {
    if (this.head < 4096 || this.head * 2 < this.items.length) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}

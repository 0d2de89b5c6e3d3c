import { describe, expect, it } from 'vitest';
import { ResendQueue } from '../../src/snmp/sweep-slots.js';

const drain = (q: ResendQueue) => {
  const out: number[] = [];
  for (let slot = q.shift(); slot >= 0; slot = q.shift()) out.push(slot);
  return out;
};

describe('the queue of probes to send again', () => {
  it.each([
    // pushes and drops in order, what comes out
    ['in order', [['push', 3], ['push', 1], ['push', 2]], [3, 1, 2]],
    ['each slot once', [['push', 3], ['push', 3], ['push', 1]], [3, 1]],
    ['a slot released meanwhile is skipped', [['push', 3], ['push', 1], ['drop', 3]], [1]],
    ['a slot released and queued again comes out once', [['push', 3], ['drop', 3], ['push', 1], ['push', 3]], [3, 1]],
  ] as const)('%s', (_, steps, expected) => {
    const q = new ResendQueue(8);
    for (const [op, slot] of steps) (op === 'push' ? q.push(slot) : q.drop(slot));
    expect(drain(q)).toEqual(expected);
    expect(q.shift()).toBe(-1);
  });

  it('keeps order through many pushes and shifts', () => {
    const q = new ResendQueue(16);
    const out: number[] = [];
    for (let n = 0; n < 20_000; n++) {
      q.push(n % 16);
      if (n % 3 !== 0) out.push(q.shift());
    }
    out.push(...drain(q));
    expect(new Set(out).size).toBe(16);
    expect(out.filter((s) => s >= 0)).toHaveLength(out.length);
  });
});

import { describe, expect, it } from 'vitest';
import { SourceIndex, type Source } from '../../src/snmp/sweep-sources.js';
import { seededRandom } from '../../src/sim/agent.js';

describe('the index of probes in flight by source', () => {
  it.each([
    // capacity, operations, seed
    [4, 2_000, 1],
    [64, 10_000, 2],
    [1024, 20_000, 3],
  ])('agrees with a Map through %i slots, %i adds and removes (seed %i)', (capacity, operations, seed) => {
    const random = seededRandom(seed);
    const sources: (Source | undefined)[] = new Array(capacity);
    const index = new SourceIndex(capacity, (slot) => sources[slot]!);
    const model = new Map<string, number>();
    const free = Array.from({ length: capacity }, (_, i) => i);
    for (let n = 0; n < operations; n++) {
      const busy = sources.flatMap((s, slot) => (s ? [slot] : []));
      if (free.length > 0 && (busy.length === 0 || random() < 0.55)) {
        const slot = free.pop()!;
        // Few distinct addresses: collisions and long runs are the case under test.
        const source = { host: `127.0.${Math.floor(random() * 8)}.${Math.floor(random() * 32)}`, port: 161 + Math.floor(random() * 2) };
        if (model.has(`${source.host}|${source.port}`)) {
          free.push(slot);
          continue;
        }
        sources[slot] = source;
        index.add(slot);
        model.set(`${source.host}|${source.port}`, slot);
      } else {
        const slot = busy[Math.floor(random() * busy.length)];
        index.remove(slot);
        model.delete(`${sources[slot]!.host}|${sources[slot]!.port}`);
        sources[slot] = undefined;
        free.push(slot);
      }
      if (n % 61 !== 0) continue;
      for (const [key, slot] of model) {
        const [host, port] = key.split('|');
        expect(index.find(host, Number(port))).toBe(slot);
      }
    }
    expect(index.find('127.0.9.9', 161)).toBe(-1);
  });
});

import { describe, expect, it } from 'vitest';
import { walkColumnsWith } from '../../src/snmp/reader.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';

const COL = '1.3.6.1.2.1.43.11.1.1.6.1';
const OTHER = '1.3.6.1.2.1.43.11.1.1.9.1';
const vb = (oid: string): Varbind => ({ oid, tag: Tag.Integer, value: 1 });

/** A "next rows" primitive answering each cursor with `answer(cursor)`, counting calls. */
function device(answer: (cursor: string) => Varbind | undefined) {
  const calls = { n: 0 };
  const next = async (cursors: string[]) => {
    calls.n++;
    return cursors.map((c) => [answer(c)]);
  };
  return { calls, next };
}

describe('every walk ends', () => {
  it.each<[string, (cursor: string) => Varbind | undefined, number]>([
    ['an answer that stands still', (c) => vb(c === COL ? `${COL}.1` : c), 1],
    ['an answer that goes back', (c) => vb(c === COL ? `${COL}.5` : `${COL}.2`), 1],
    ['an answer that leaves the column', (c) => vb(c === COL ? `${COL}.1` : OTHER), 1],
  ])('a column ends at %s, keeping the rows before it', async (_name, answer, rows) => {
    const { calls, next } = device(answer);
    const out = await walkColumnsWith([COL], 1000, next);
    expect(out.get(COL)).toHaveLength(rows);
    expect(calls.n).toBe(2);
  });

  it('a column that climbs for ever stops at maxRows', async () => {
    const { calls, next } = device((c) => vb(`${COL}.${Number(c.slice(COL.length + 1) || 0) + 1}`));
    const out = await walkColumnsWith([COL], 50, next);
    expect(out.get(COL)).toHaveLength(50);
    expect(calls.n).toBe(51);
  });
});

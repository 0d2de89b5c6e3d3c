import { describe, expect, it } from 'vitest';
import type { Needs } from '../../src/collect/fields.js';
import { readRound } from '../../src/collect/read-round.js';
import { rowsOf } from '../../src/collect/table-reads.js';
import { SnmpRequestError } from '../../src/snmp/client.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { parseSnmprec } from '../../src/snmp/recording.js';
import { RecordingReader } from '../../src/snmp/recording-reader.js';

const DESCR = '1.3.6.1.2.1.43.11.1.1.6';
const LEVEL = '1.3.6.1.2.1.43.11.1.1.9';
const ALERT = '1.3.6.1.2.1.43.18.1.1.8';
const NAME = '1.3.6.1.2.1.1.5.0';

/** A device whose supplies and alerts tables have the given rows. */
function device(supplies: number[], alerts: number[]): RecordingReader {
  const lines = [`${NAME}|4|prn-7`];
  for (const r of supplies) lines.push(`${DESCR}.1.${r}|4|Supply ${r}`, `${LEVEL}.1.${r}|2|${r * 10}`);
  for (const a of alerts) lines.push(`${ALERT}.1.${a}|4|Alert ${a}`);
  lines.push('1.3.6.1.2.1.43.18.1.1.9.1.1|2|0');
  return new RecordingReader(new MibView(parseSnmprec(lines.join('\n'))));
}

const needs = (): Needs => ({ gets: new Set([NAME]), columns: new Set([DESCR, LEVEL, ALERT]) });
const rowsIn = (columns: Map<string, { oid: string }[]>) => Object.fromEntries([...columns].map(([c, rows]) => [c, rows.map((r) => r.oid.slice(c.length + 1))]));

describe('reading tables from what the last collect saw', () => {
  it.each([
    ['unchanged', [1, 2, 3], [], [1, 2, 3], [], 0],
    ['a supply added at the end', [1, 2, 3], [], [1, 2, 3, 4], [], 1],
    ['a new alert in a table that was empty', [1, 2], [], [1, 2], [5], 1],
    ['a supply gone (the table changed shape)', [1, 2, 3], [4], [1, 3], [4], 1],
    ['every alert cleared', [1], [7, 8], [1], [], 1],
  ])('%s: the same rows as a full walk', async (_what, before, alertsBefore, after, alertsAfter, extraRounds) => {
    const learned = rowsOf((await readRound(device(before, alertsBefore), needs())).columns);
    const now = device(after, alertsAfter);
    const full = await readRound(device(after, alertsAfter), needs());
    const hinted = await readRound(now, needs(), learned);
    expect(rowsIn(hinted.columns)).toEqual(rowsIn(full.columns));
    expect(hinted.gets.get(NAME)?.value).toEqual(Buffer.from('prn-7'));
    expect(hinted.getFailed).toBeUndefined();
    expect(hinted.tablesFailed).toBeUndefined();
    // one GET and one GETNEXT, in parallel; a walk only where a table changed
    expect(now.requests).toBe(2 + extraRounds);
  });

  it('without hints every column is walked', async () => {
    const reader = device([1, 2], [3]);
    const round = await readRound(reader, needs());
    expect(rowsIn(round.columns)).toEqual({ [DESCR]: ['1.1', '1.2'], [LEVEL]: ['1.1', '1.2'], [ALERT]: ['1.3'] });
  });

  it.each([
    ['rows that are not OIDs', { [DESCR]: ['1.1', 'x'] }],
    ['not a list', { [DESCR]: '1.1' as unknown as string[] }],
  ])('hints with %s are ignored: the column is walked', async (_what, hints) => {
    const round = await readRound(device([1, 2], []), needs(), hints);
    expect(rowsIn(round.columns)[DESCR]).toEqual(['1.1', '1.2']);
  });
});

describe('a table read that fails', () => {
  /** The device, with its first `failures` walks timing out. */
  function flaky(failures: number): RecordingReader {
    const reader = device([1, 2], [3]);
    const walk = reader.walkColumns.bind(reader);
    let left = failures;
    reader.walkColumns = (...args) => (left-- > 0 ? Promise.reject(new SnmpRequestError('timeout', 'no answer before the timeout')) : walk(...args));
    return reader;
  }

  it('is tried once more: one lost walk costs nothing', async () => {
    const round = await readRound(flaky(1), needs());
    expect(round.tablesFailed).toBeUndefined();
    expect(rowsIn(round.columns)).toEqual({ [DESCR]: ['1.1', '1.2'], [LEVEL]: ['1.1', '1.2'], [ALERT]: ['1.3'] });
  });

  it('failing again is said, with what went wrong; the GET stays', async () => {
    const round = await readRound(flaky(2), needs());
    expect(round.tablesFailed).toEqual({ problem: 'timeout', detail: expect.stringContaining('no answer') });
    expect(round.columns.size).toBe(0);
    expect(round.gets.get(NAME)?.value).toEqual(Buffer.from('prn-7'));
  });
});

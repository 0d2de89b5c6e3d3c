import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../src/upload/spool.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'printscan-spool-'));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const blob = (bytes: number, fill = 1) => new Uint8Array(bytes).fill(fill);
const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute));

describe('the spool', () => {
  it('lists reports oldest first, whatever order they were added in, and reads them back whole', async () => {
    const spool = await Spool.open(fresh());
    await spool.add(id(2), blob(10, 2), at(2));
    await spool.add(id(1), blob(20, 1), at(1));
    await spool.add(id(3), blob(30, 3), at(3));
    const list = await spool.list();
    expect(list.map((e) => e.reportId)).toEqual([id(1), id(2), id(3)]);
    expect(list.map((e) => [e.bytes, e.attempts, e.createdAt])).toEqual([
      [20, 0, at(1).toISOString()],
      [10, 0, at(2).toISOString()],
      [30, 0, at(3).toISOString()],
    ]);
    expect(await spool.read(list[1])).toEqual(blob(10, 2));
  });

  it.each([
    ['count', { maxReports: 2, maxBytes: 1e9 }, 100, [id(2), id(3)], [id(1)]],
    ['bytes', { maxReports: 100, maxBytes: 250 }, 100, [id(2), id(3)], [id(1)]],
    ['bytes, several at once', { maxReports: 100, maxBytes: 250 }, 200, [id(3)], [id(1), id(2)]],
  ])('when full (%s) the oldest reports are dropped and returned, never the new one', async (_what, limits, newBytes, kept, dropped) => {
    const spool = await Spool.open(fresh(), limits);
    await spool.add(id(1), blob(100), at(1));
    await spool.add(id(2), blob(100), at(2));
    const result = await spool.add(id(3), blob(newBytes), at(3));
    expect(result.dropped.map((e) => e.reportId)).toEqual(dropped);
    expect((await spool.list()).map((e) => e.reportId)).toEqual(kept);
  });

  it('keeps the new report even when it alone is over the byte limit', async () => {
    const spool = await Spool.open(fresh(), { maxReports: 10, maxBytes: 50 });
    const { dropped } = await spool.add(id(1), blob(80), at(1));
    expect(dropped).toEqual([]);
    expect(await spool.list()).toHaveLength(1);
  });

  it('remembers failed attempts beside the report and forgets them with it', async () => {
    const state = fresh();
    const spool = await Spool.open(state);
    const { entry } = await spool.add(id(1), blob(5), at(1));
    const once = await spool.recordFailure(entry, 'ECONNREFUSED', at(2));
    await spool.recordFailure(once, '503 busy', at(3));
    const [listed] = await (await Spool.open(state)).list();
    expect(listed).toMatchObject({ attempts: 2, lastError: '503 busy', lastAttemptAt: at(3).toISOString() });
    await spool.remove(listed);
    expect(await spool.list()).toEqual([]);
    expect(readdirSync(join(state, 'spool'))).toEqual([]);
  });

  it('ignores and later removes what a kill mid-write leaves behind', async () => {
    const state = fresh();
    const spool = await Spool.open(state);
    await spool.add(id(1), blob(5), at(1));
    const dir = join(state, 'spool');
    const torn = join(dir, `.20261125T100200000Z-0001-${id(2)}.json.gz.age.abc123.tmp`);
    writeFileSync(torn, 'half a rep');
    writeFileSync(join(dir, `20261125T100300000Z-0002-${id(3)}.attempts.json`), '{"attempts":1}');
    expect((await spool.list()).map((e) => e.reportId)).toEqual([id(1)]);
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(torn, old, old);
    await Spool.open(state);
    expect(readdirSync(dir).sort()).toEqual([`20261125T100100000Z-0000-${id(1)}.json.gz.age`]);
  });
});

import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import type { DiscoverEvent } from '../../src/events.js';
import { freePort } from '../helpers/agents.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { progressText } from '../../src/cli/progress.js';

describe('the progress line', () => {
  it.each([
    [{ probed: 6, done: 6, total: 65_534, found: 0 }, 0, '6/65,534 probed, 0 found'],
    [{ probed: 20_000, done: 6, total: 65_534, found: 3 }, 2, '20,000/65,534 probed, 3 found, 10,000 addr/s, ~5 s left'],
    [{ probed: 1_000, done: 900, total: 1_000_000, found: 1 }, 10, '1,000/1,000,000 probed, 1 found, 100 addr/s, ~2 h 47 min left'],
    [{ probed: 65_534, done: 60_000, total: 65_534, found: 12 }, 4, '65,534/65,534 probed, 12 found, waiting on 5,534 addresses'],
    [{ probed: 254, done: 254, total: 254, found: 2 }, 3, '254/254 probed, 2 found'],
  ])('%j after %i s → %s', (counts, seconds, text) => {
    expect(progressText(counts, seconds)).toBe(text);
    expect(text.length).toBeLessThanOrEqual(76);
  });
});

describe('discover progress events', () => {
  it('count the addresses probed while their silence is still being waited for', async () => {
    const host = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
    // nothing listens there: every address stays silent until the timeout
    const port = await freePort(`${host}.1`);
    const events: DiscoverEvent[] = [];
    for await (const event of discover({
      ranges: [{ targets: [`${host}.1-40`], credentials: [{ version: '2c', community: 'public' }] }],
      profiles: loadProfiles(),
      port,
      timeoutMs: 2000,
      retries: 0,
    })) events.push(event);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.some((p) => p.probed === 40 && p.done < 40)).toBe(true);
    expect(progress.every((p) => p.probed >= p.done && p.probed <= p.total)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ probed: 40, done: 40, total: 40 });
  });
});

/** A device's budget, through the pipeline: cut off, moved on, and said so. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan, type ScanEvent } from '../../src/pipeline/discover-and-collect.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

const NET = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet({ files: DEMO_FLEET_FILES.slice(0, 2), base: `${NET}.1`, port: 0, layout: 'address' });
});
afterAll(() => fleet?.close());

async function scanWith(budgets: { identifyBudget?: { requests: number; ms: number }; collectBudget?: { requests: number; ms: number } }): Promise<ScanEvent[]> {
  const events: ScanEvent[] = [];
  const ranges = [{ targets: [`${NET}.1-2`], credentials: [{ version: '1' as const, community: 'public' }] }];
  for await (const e of scan({ ranges, port: fleet.devices[0].port, profiles: loadProfiles(), timeoutMs: 1000, ...budgets })) events.push(e);
  return events;
}

const problems = (events: ScanEvent[]) => events.flatMap((e) => (e.type === 'problem' ? [e.problem] : []));

describe('per-device budgets', () => {
  it('a collect that would take more requests than its budget is cut off, its record kept, and a problem names the budget', async () => {
    const events = await scanWith({ collectBudget: { requests: 2, ms: 60_000 } });
    const records = events.flatMap((e) => (e.type === 'record' ? [e.record] : []));
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.requests).toBe(2);
      expect(record.errors).toContainEqual(expect.objectContaining({ problem: 'budgetExceeded', detail: 'request budget of 2 requests per device for collect spent' }));
    }
    expect(problems(events).map((p) => p.problem)).toEqual(['budgetExceeded', 'budgetExceeded']);
  });

  it('an identification past its budget is a problem, and the host is not collected', async () => {
    const events = await scanWith({ identifyBudget: { requests: 1, ms: 60_000 } });
    expect(events.some((e) => e.type === 'record' || e.type === 'device')).toBe(false);
    expect(problems(events)).toEqual([
      expect.objectContaining({ problem: 'budgetExceeded', detail: 'request budget of 1 request per device for identification spent' }),
      expect.objectContaining({ problem: 'budgetExceeded', detail: 'request budget of 1 request per device for identification spent' }),
    ]);
  });

  it('the default budgets leave a normal collect alone', async () => {
    const events = await scanWith({});
    expect(problems(events)).toEqual([]);
    expect(events.filter((e) => e.type === 'record')).toHaveLength(2);
  });
});

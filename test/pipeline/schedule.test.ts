import { describe, expect, it } from 'vitest';
import { decide, nextDue, scheduleOf, type Situation } from '../../src/pipeline/schedule.js';
import type { ScheduleState } from '../../src/upload/schedule.js';
import { DEFAULT_SCHEDULE } from '../../src/upload/server-config.js';

const schedule = { discoverMinutes: 1440, collectMinutes: 180, pushMinutes: 60 };
/** the fake clock every decision is taken at */
const now = Date.parse('2026-11-25T12:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
const due = (d: ReturnType<typeof decide>) => (['discover', 'collect', 'push'] as const).filter((p) => d[p]);
const situation = (state: ScheduleState, more: Partial<Situation> = {}): Situation => ({ state, schedule, now, pushes: true, inventoryEmpty: false, ...more });

describe('what a scheduled run does', () => {
  it.each<[string, ScheduleState, string[]]>([
    ['never ran', {}, ['discover', 'push']],
    ['just ran everything', { discover: ago(0), collect: ago(0), push: ago(0) }, []],
    ['everything fresh', { discover: ago(10), collect: ago(10), push: ago(10) }, []],
    ['collect due', { discover: ago(200), collect: ago(181), push: ago(10) }, ['collect', 'push']],
    ['collect due in 30 s: cron came a little early', { discover: ago(200), collect: ago(179.5), push: ago(10) }, ['collect', 'push']],
    ['collect due in 2 min: not yet', { discover: ago(200), collect: ago(178), push: ago(10) }, []],
    ['discover due: it collects too', { discover: ago(1441), collect: ago(181), push: ago(10) }, ['discover', 'push']],
    ['only push due (a spool to retry)', { discover: ago(100), collect: ago(100), push: ago(61) }, ['push']],
    ['an unreadable time counts as never', { discover: 'yesterday', collect: ago(1), push: ago(1) }, ['discover', 'push']],
    ['a last discover in the future (the clock went back) counts as never', { discover: ago(-600), collect: ago(1), push: ago(1) }, ['discover', 'push']],
    ['a last collect a year ahead does not stop collects for a year', { discover: ago(10), collect: ago(-525_600), push: ago(1) }, ['collect', 'push']],
    ['a last run 30 s ahead (clocks a little apart) is still recent', { discover: ago(-0.5), collect: ago(-0.5), push: ago(-0.5) }, []],
  ])('%s', (_what, state, expected) => {
    expect(due(decide(situation(state)))).toEqual(expected);
  });

  it.each<[string, Partial<Situation>, string[]]>([
    ['with nowhere to push, push is never due, even after a fresh report', { pushes: false }, ['collect']],
    ['--now discover runs it and pushes what it made', { force: 'discover' }, ['discover', 'push']],
    ['--now collect runs it and pushes what it made', { force: 'collect' }, ['collect', 'push']],
    ['--now push sends what waits and nothing else', { force: 'push' }, ['push']],
    ['--now push without anywhere to push runs nothing', { force: 'push', pushes: false }, []],
    ['a collect with an empty inventory discovers instead', { inventoryEmpty: true }, ['discover', 'push']],
  ])('%s', (_what, more, expected) => {
    const state = { discover: ago(200), collect: ago(181), push: ago(10) };
    expect(due(decide(situation(state, more)))).toEqual(expected);
  });

  it.each<[string, Partial<typeof schedule>, ScheduleState, string[]]>([
    ['--discover-every 60 makes a 2-hour-old discover due', { discoverMinutes: 60 }, { discover: ago(120), collect: ago(10), push: ago(10) }, ['discover', 'push']],
    ['--collect-every 5 makes a 6-minute-old collect due', { collectMinutes: 5 }, { discover: ago(10), collect: ago(6), push: ago(6) }, ['collect', 'push']],
    ['--push-every 5 makes a 6-minute-old push due', { pushMinutes: 5 }, { discover: ago(10), collect: ago(10), push: ago(6) }, ['push']],
    ['--collect-every 600 keeps a 4-hour-old collect not due', { collectMinutes: 600 }, { discover: ago(240), collect: ago(240), push: ago(10) }, []],
  ])('%s', (_what, every, state, expected) => {
    const fromServer = { discoverMinutes: 1440, collectMinutes: 180, pushMinutes: 60 };
    expect(due(decide({ ...situation(state), schedule: scheduleOf(every, fromServer) }))).toEqual(expected);
  });

  it('the flags override the server, the server the defaults', () => {
    expect(scheduleOf({}, undefined)).toEqual(DEFAULT_SCHEDULE);
    expect(scheduleOf({ collectMinutes: 7 }, { discoverMinutes: 1, collectMinutes: 2, pushMinutes: 3 })).toEqual({ discoverMinutes: 1, collectMinutes: 7, pushMinutes: 3 });
  });

  it('says why each phase runs', () => {
    expect(decide(situation({ collect: ago(181), discover: ago(10), push: ago(10) })).reasons).toEqual(['collect: every 180 min, last ' + ago(181), 'push: what was just made']);
    expect(decide(situation({ discover: ago(-600) })).reasons[0]).toMatch(/^discover: last run recorded in the future .*clock/);
    expect(decide(situation({})).reasons[0]).toBe('discover: never ran');
  });

  it('next due: an interval after the last run, now when it never ran or ran "in the future"', () => {
    expect(nextDue('collect', schedule, { collect: ago(60) }, now)).toBe(now + 120 * 60_000);
    expect(nextDue('collect', schedule, {}, now)).toBe(0);
    expect(nextDue('collect', schedule, { collect: ago(-600) }, now)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { duePhases, type ScheduleState } from '../../src/upload/schedule.js';

const schedule = { discoverMinutes: 1440, collectMinutes: 180, pushMinutes: 60 };
const now = Date.parse('2026-11-25T12:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('what a scheduled run does', () => {
  it.each<[string, ScheduleState, string[]]>([
    ['first run ever', {}, ['discover', 'push']],
    ['everything fresh', { discover: ago(10), collect: ago(10), push: ago(10) }, []],
    ['collect due', { discover: ago(200), collect: ago(181), push: ago(10) }, ['collect', 'push']],
    ['collect due in 30 s: cron came a little early', { discover: ago(200), collect: ago(179.5), push: ago(10) }, ['collect', 'push']],
    ['collect due in 2 min: not yet', { discover: ago(200), collect: ago(178), push: ago(10) }, []],
    ['discover due: it collects too', { discover: ago(1441), collect: ago(181), push: ago(10) }, ['discover', 'push']],
    ['only push due (a spool to retry)', { discover: ago(100), collect: ago(100), push: ago(61) }, ['push']],
    ['an unreadable time counts as never', { discover: 'yesterday', collect: ago(1), push: ago(1) }, ['discover', 'push']],
  ])('%s', (_what, state, expected) => {
    expect([...duePhases(schedule, state, now)].sort()).toEqual([...expected].sort());
  });
});

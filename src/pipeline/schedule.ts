/** What a scheduled run does now: a pure function of the schedule state, the settings and the clock. */
import { DEFAULT_SCHEDULE, type Schedule } from '../upload/server-config.js';
import type { Phase, ScheduleState } from '../upload/schedule.js';

/**
 * A run started by cron a little early must not skip a whole interval: a phase is due this
 * close to its time.
 */
export const EARLY_MS = 60_000;

/** The site's own intervals (`--discover-every`…), each overriding the server's. */
export type Every = Partial<Schedule>;

/** The server's schedule, where one was fetched; `every` overrides it, for a site that must differ. */
export function scheduleOf(every: Every, fromServer: Schedule | undefined): Schedule {
  const base = fromServer ?? DEFAULT_SCHEDULE;
  return {
    discoverMinutes: every.discoverMinutes ?? base.discoverMinutes,
    collectMinutes: every.collectMinutes ?? base.collectMinutes,
    pushMinutes: every.pushMinutes ?? base.pushMinutes,
  };
}

const minutesOf: Record<Phase, keyof Schedule> = { discover: 'discoverMinutes', collect: 'collectMinutes', push: 'pushMinutes' };

/** When `phase` is next due: 0 when it never ran (or its time cannot be read, or lies in the future: the clock was changed). */
export function nextDue(phase: Phase, schedule: Schedule, state: ScheduleState, now: number): number {
  const last = state[phase] === undefined ? Number.NaN : Date.parse(state[phase]!);
  if (Number.isNaN(last) || last > now + EARLY_MS) return 0;
  return last + schedule[minutesOf[phase]] * 60_000;
}

export interface Situation {
  state: ScheduleState;
  schedule: Schedule;
  now: number;
  /** `--now`: this phase runs, due or not (and pushes what it made) */
  force?: Phase;
  /** there is somewhere to push to (a server or an uploader): without, push is never due */
  pushes: boolean;
  /** the inventory holds no device: a collect would have nothing to read, so it discovers */
  inventoryEmpty: boolean;
}

export interface Decision {
  discover: boolean;
  collect: boolean;
  push: boolean;
  /** why each phase runs, for `--verbose` and tests */
  reasons: string[];
}

function why(phase: Phase, s: Situation): string {
  const raw = s.state[phase];
  if (raw === undefined || Number.isNaN(Date.parse(raw))) return `${phase}: never ran`;
  if (Date.parse(raw) > s.now + EARLY_MS) return `${phase}: last run recorded in the future (${raw}): the clock was changed`;
  return `${phase}: every ${s.schedule[minutesOf[phase]]} min, last ${raw}`;
}

/**
 * The phases due now. A discover sweep also collects, so collect is not due separately then;
 * a fresh report is always pushed; with nowhere to push, push is never due (it would stay due
 * for ever and be claimed as run).
 */
export function decide(s: Situation): Decision {
  const isDue = (phase: Phase) => nextDue(phase, s.schedule, s.state, s.now) - EARLY_MS <= s.now;
  const reasons: string[] = [];
  let discover = s.force === 'discover' || (s.force === undefined && isDue('discover'));
  let collect = !discover && (s.force === 'collect' || (s.force === undefined && isDue('collect')));
  if (s.force) reasons.push(`${s.force}: asked with --now`);
  else if (discover) reasons.push(why('discover', s));
  else if (collect) reasons.push(why('collect', s));
  if (collect && s.inventoryEmpty) {
    [discover, collect] = [true, false];
    reasons.push('discover: the inventory is empty, nothing to collect');
  }
  const fresh = discover || collect;
  const push = s.pushes && (fresh || s.force !== undefined || isDue('push'));
  if (push) reasons.push(fresh || s.force ? 'push: what was just made' : why('push', s));
  return { discover, collect, push, reasons };
}

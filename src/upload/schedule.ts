import { readStateFile, updateStateFile } from '../fs/state-file.js';
import type { Schedule } from './server-config.js';

export type Phase = 'discover' | 'collect' | 'push';

/** When each phase last ran to the end, as ISO times. */
export type ScheduleState = Partial<Record<Phase, string>>;

/**
 * A run started by cron a little early must not skip a whole interval: a phase is due this
 * close to its time.
 */
export const EARLY_MS = 60_000;

const FILE = 'schedule-state.json';

const minutesOf: Record<Phase, keyof Schedule> = { discover: 'discoverMinutes', collect: 'collectMinutes', push: 'pushMinutes' };

export function nextDue(phase: Phase, schedule: Schedule, state: ScheduleState): number {
  const last = state[phase] === undefined ? Number.NaN : Date.parse(state[phase]!);
  return Number.isNaN(last) ? 0 : last + schedule[minutesOf[phase]] * 60_000;
}

/**
 * The phases due now. A discover sweep also collects, so collect is not due separately then;
 * a fresh report is always pushed.
 */
export function duePhases(schedule: Schedule, state: ScheduleState, now: number): Set<Phase> {
  const due = new Set<Phase>();
  const isDue = (phase: Phase) => nextDue(phase, schedule, state) - EARLY_MS <= now;
  if (isDue('discover')) due.add('discover');
  else if (isDue('collect')) due.add('collect');
  if (due.size > 0 || isDue('push')) due.add('push');
  return due;
}

export function readScheduleState(stateDir: string): Promise<ScheduleState> {
  return readStateFile<ScheduleState>(stateDir, FILE);
}

export function markDone(stateDir: string, phases: Phase[], at = new Date()): Promise<void> {
  return updateStateFile<ScheduleState>(stateDir, FILE, Object.fromEntries(phases.map((p) => [p, at.toISOString()])));
}

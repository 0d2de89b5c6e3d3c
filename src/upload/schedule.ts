import { readStateFile, updateStateFile } from '../fs/state-file.js';

export type Phase = 'discover' | 'collect' | 'push';

/** When each phase last ran to the end, as ISO times. */
export type ScheduleState = Partial<Record<Phase, string>>;

const FILE = 'schedule-state.json';

export function readScheduleState(stateDir: string): Promise<ScheduleState> {
  return readStateFile<ScheduleState>(stateDir, FILE);
}

export function markDone(stateDir: string, phases: Phase[], at = new Date()): Promise<void> {
  return updateStateFile<ScheduleState>(stateDir, FILE, Object.fromEntries(phases.map((p) => [p, at.toISOString()])));
}

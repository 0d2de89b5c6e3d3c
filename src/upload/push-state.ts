import { readStateFile, updateStateFile } from '../fs/state-file.js';

/** What `push` remembers between runs: which report it already sealed, and the last delivery. */
export interface PushState {
  lastSealedReportId?: string;
  lastSent?: { reportId: string; at: string; uploader: string; detail: string };
}

const FILE = 'push-state.json';

export function readPushState(stateDir: string): Promise<PushState> {
  return readStateFile<PushState>(stateDir, FILE);
}

export function updatePushState(stateDir: string, change: Partial<PushState>): Promise<void> {
  return updateStateFile<PushState>(stateDir, FILE, change);
}

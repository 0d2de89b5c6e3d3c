import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../inventory/atomic-write.js';

/** What `push` remembers between runs: which report it already sealed, and the last delivery. */
export interface PushState {
  lastSealedReportId?: string;
  lastSent?: { reportId: string; at: string; uploader: string; detail: string };
}

const FILE = 'push-state.json';

export async function readPushState(stateDir: string): Promise<PushState> {
  try {
    return JSON.parse(await readFile(join(stateDir, FILE), 'utf8')) as PushState;
  } catch {
    return {};
  }
}

export async function updatePushState(stateDir: string, change: Partial<PushState>): Promise<void> {
  const state = { ...(await readPushState(stateDir)), ...change };
  await writeFileAtomic(join(stateDir, FILE), JSON.stringify(state, null, 2) + '\n');
}

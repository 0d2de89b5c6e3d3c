import { mkdir, open, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { removeDeadTemporaries, temporaryPathFor } from '../fs/atomic-write.js';
import { PENDING_DIR } from './latest-report.js';

/** Where the spool keeps sealed reports, inside the state directory. */
export const SPOOL_DIR = 'spool';

/** Where printscan keeps its inventory and reports unless --state says otherwise. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PRINTSCAN_STATE) return env.PRINTSCAN_STATE;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'printscan');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'printscan');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'printscan');
}

/**
 * Checks, before the first packet, that `stateDir` can be written (a run that cannot save what
 * it collects must not start), and clears the temporaries that killed writers left in it.
 */
export async function prepareStateDir(stateDir: string): Promise<void> {
  const probe = temporaryPathFor(join(stateDir, 'write-check'));
  try {
    await mkdir(stateDir, { recursive: true });
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
  } catch (e) {
    throw new UsageError(
      `the state directory "${stateDir}" cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'pass --state DIR (or set PRINTSCAN_STATE) to a folder this user can write',
    );
  }
  for (const dir of [stateDir, join(stateDir, PENDING_DIR), join(stateDir, SPOOL_DIR)]) await removeDeadTemporaries(dir);
}

import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where printscan keeps its inventory and reports unless --state says otherwise. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PRINTSCAN_STATE) return env.PRINTSCAN_STATE;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'printscan');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'printscan');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'printscan');
}

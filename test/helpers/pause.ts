import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliCommand } from './cli.js';

export interface Paused {
  pid: number;
  /** SIGKILL, and wait until it is gone */
  kill(): Promise<void>;
}

/**
 * Starts the CLI with PRINTSCAN_TEST_PAUSE and waits until it stands still at `point`; throws
 * with its stderr when it ends without getting there.
 */
export async function pausedAt(point: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Paused> {
  const marker = join(mkdtempSync(join(tmpdir(), 'printscan-pause-')), 'paused');
  const child = spawn(...cliCommand(args), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, PRINTSCAN_TEST_PAUSE: `${point}@${marker}` } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = false;
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      exited = true;
      resolve();
    }),
  );
  while (!existsSync(marker) && !exited) await sleep(50);
  const kill = async () => {
    child.kill('SIGKILL');
    await closed;
  };
  if (!existsSync(marker)) {
    await kill();
    throw new Error(`printscan ${args[0]} ended before reaching ${point}: ${stderr}`);
  }
  return { pid: child.pid!, kill };
}

import { open, readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrintscanError } from '../errors.js';

const LOCK_POLL_MS = 50;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One holder at a time of `name` in a state directory: cron may start the next run while the
 * last is still working. A lock left by a process that no longer exists is taken over.
 * `doing` completes "another printscan (pid N) is …" in the error; with `waitMs` a held lock is
 * waited for that long first.
 */
export async function lockState(stateDir: string, name: LockName, doing: string, waitMs = 0): Promise<() => Promise<void>> {
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, `${name}.lock`);
  const deadline = Date.now() + waitMs;
  let tookOver = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      if (Date.now() >= deadline) {
        throw new PrintscanError(`${name}Running`, `another printscan (pid ${holder}) is ${doing}`, `wait for it, or remove ${path} if that process is not printscan`);
      }
      await sleep(LOCK_POLL_MS);
      continue;
    }
    // A dead holder's lock is taken over once; losing that race again means another process is at it.
    if (tookOver) throw new PrintscanError(`${name}Running`, `cannot take the lock ${path}`);
    tookOver = true;
    await rm(path, { force: true });
  }
}

export type LockName = 'push' | 'run' | 'inventory';

/** What `lockState` would find: no lock, a lock whose holder lives, or one a dead process left (taken over on the next start). */
export type LockState = { state: 'free'; path: string } | { state: 'held' | 'stale'; path: string; pid?: number };

export async function inspectLock(stateDir: string, name: LockName): Promise<LockState> {
  const path = join(stateDir, `${name}.lock`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free', path };
    throw e;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return { state: 'stale', path };
  return { state: alive(pid) ? 'held' : 'stale', path, pid };
}

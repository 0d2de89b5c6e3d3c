import { open, readFile, rm, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrintscanError } from '../errors.js';

const LOCK_POLL_MS = 50;

export type LockName = 'push' | 'run' | 'inventory';

/** Who holds a lock: written into the lock file, so a stuck holder can be named. */
export interface LockHolder {
  pid: number;
  /** ISO time the holder took the lock */
  startedAt: string;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock held by a live process. */
export class LockBusyError extends PrintscanError {
  constructor(
    readonly lock: LockName,
    readonly path: string,
    readonly holder: LockHolder,
    doing: string,
  ) {
    super(`${lock}Running`, `another printscan (pid ${holder.pid}) is ${doing}`, `wait for it, or remove ${path} if that process is not printscan`);
  }
}

/** The holder named in a lock file; a lock from before start times were recorded dates from the file's last change. */
async function readHolder(path: string): Promise<LockHolder | undefined> {
  const text = (await readFile(path, 'utf8').catch(() => '')).trim();
  let data: Partial<LockHolder> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    data = typeof parsed === 'number' ? { pid: parsed } : typeof parsed === 'object' && parsed !== null ? (parsed as Partial<LockHolder>) : {};
  } catch {
    return undefined;
  }
  if (!Number.isInteger(data.pid) || data.pid! <= 0) return undefined;
  const startedAt = typeof data.startedAt === 'string' && !Number.isNaN(Date.parse(data.startedAt)) ? data.startedAt : (await stat(path).catch(() => undefined))?.mtime.toISOString();
  return { pid: data.pid!, startedAt: startedAt ?? new Date().toISOString() };
}

const WRITING_PID_MS = 2000;

async function justCreated(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.size === 0 && Date.now() - info.mtimeMs < WRITING_PID_MS;
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
      await handle.writeFile(JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockHolder));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readHolder(path);
    if (!holder && (await justCreated(path))) {
      // its creator is between creating the file and writing its pid into it
      await sleep(LOCK_POLL_MS);
      continue;
    }
    if (holder && processAlive(holder.pid)) {
      if (Date.now() >= deadline) throw new LockBusyError(name, path, holder, doing);
      await sleep(LOCK_POLL_MS);
      continue;
    }
    // A dead holder's lock is taken over once; losing that race again means another process is at it.
    if (tookOver) throw new PrintscanError(`${name}Running`, `cannot take the lock ${path}`);
    tookOver = true;
    await rm(path, { force: true });
  }
}

/** What `lockState` would find: no lock, a lock whose holder lives, or one a dead process left (taken over on the next start). */
export type LockState = { state: 'free'; path: string } | { state: 'held' | 'stale'; path: string; pid?: number; startedAt?: string };

export async function inspectLock(stateDir: string, name: LockName): Promise<LockState> {
  const path = join(stateDir, `${name}.lock`);
  try {
    await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'free', path };
    throw e;
  }
  const holder = await readHolder(path);
  if (!holder) return { state: 'stale', path };
  return { state: processAlive(holder.pid) ? 'held' : 'stale', path, ...holder };
}

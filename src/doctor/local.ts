import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectLock, type LockName } from '../fs/state-lock.js';
import { fail, ok, type Check } from './check.js';

/** This version was written in 2026: a clock that says earlier is wrong (a dead RTC battery, no NTP). */
export const CLOCK_NOT_BEFORE = Date.UTC(2026, 0, 1);

/** Makes the state directory if missing, as a run would, and writes and removes a file in it. */
export async function checkStateDir(stateDir: string): Promise<Check> {
  const probe = join(stateDir, `.doctor-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(stateDir, { recursive: true });
    await writeFile(probe, 'printscan doctor\n');
    await rm(probe);
    return ok('state', `${stateDir} is writable`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return fail('state', `${stateDir} is not writable (${code}): give the user that runs printscan write access to it, or pass --state DIR`);
  }
}

/** On Linux, what a live process is: a lock whose pid was reused after a reboot belongs to something else. */
async function commandLine(pid: number): Promise<string | undefined> {
  const text = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  return text?.split('\0').join(' ').trim();
}

export async function checkLock(stateDir: string, name: LockName): Promise<Check> {
  const lock = await inspectLock(stateDir, name);
  const check = `${name} lock`;
  if (lock.state === 'free') return ok(check, 'free');
  if (lock.state === 'stale') return ok(check, `${lock.path} was left by ${lock.pid ? `pid ${lock.pid}, which has ended` : 'a process that ended'}; the next ${name} takes it over`);
  const holder = lock.pid !== undefined ? await commandLine(lock.pid) : undefined;
  if (holder !== undefined && holder !== '' && !/printscan/.test(holder)) {
    return fail(check, `${lock.path} names pid ${lock.pid}, which is not printscan (${holder.slice(0, 80)}): remove ${lock.path}`);
  }
  return fail(check, `held by printscan pid ${lock.pid}: a ${name} is in progress; if it never ends, stop that process`);
}

/** `fixed`: PRINTSCAN_NOW, which makes a run believe it is another time (for replays and demonstrations). */
export function checkClock(now: number, fixed?: string): Check {
  if (fixed) return fail('clock', `PRINTSCAN_NOW=${fixed} is set: a run would stamp every read with that time; unset it for a service`);
  const iso = new Date(now).toISOString();
  if (now < CLOCK_NOT_BEFORE) return fail('clock', `the clock says ${iso}, before this printscan was made: set the date and time (enable NTP)`);
  return ok('clock', iso);
}

/** More than this apart from the server's clock, reports carry wrong times and certificates may look expired. */
export const MAX_SKEW_MS = 5 * 60_000;

export function checkSkew(now: number, serverDate: string | undefined, server: string): Check {
  const theirs = serverDate === undefined ? NaN : Date.parse(serverDate);
  if (Number.isNaN(theirs)) return ok('server clock', `${server} sent no Date to compare with`);
  const skew = now - theirs;
  if (Math.abs(skew) <= MAX_SKEW_MS) return ok('server clock', `within ${Math.ceil(Math.abs(skew) / 1000)} s of ${server}'s`);
  const minutes = Math.round(Math.abs(skew) / 60_000);
  return fail('server clock', `${minutes} min ${skew > 0 ? 'ahead of' : 'behind'} ${server}'s clock: set the date and time (enable NTP)`);
}

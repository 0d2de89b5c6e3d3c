import { UsageError } from '../errors.js';
import type { ScanRange } from '../targets/scan-range.js';
import { fail, ok, skip, type Check } from './check.js';
import { checkClock, checkLock, checkStateDir } from './local.js';
import { checkServer, type ServerTarget } from './server.js';
import { checkRange, type SweepSettings } from './snmp.js';

export interface DoctorOptions {
  stateDir: string;
  server?: ServerTarget;
  /** a recipient the user gave (checked already); otherwise the server's configuration must name one */
  recipient?: string;
  /** reports are sealed without a server (--uploader file, stdout or a module): then a recipient must be given */
  sealsWithoutServer?: boolean;
  /** the ranges to check, given the server's (the command line's win, as in a run); throws a UsageError when there are none */
  rangesFor: (fromServer: ScanRange[]) => ScanRange[];
  sweep: SweepSettings;
  now?: () => number;
  /** PRINTSCAN_NOW, when set */
  fixedClock?: string;
}

/** The recipient reports are sealed to: given, or the server's; `missing` says why none is known. */
function checkRecipient(given: string | undefined, fromServer: string | undefined, missing: string): Check {
  const short = (r: string) => `${r.slice(0, 12)}…${r.slice(-6)}`;
  if (given) return ok('recipient', `${short(given)} (given)${fromServer && fromServer !== given ? `; the server's configuration names another, ${short(fromServer)}` : ''}`);
  if (fromServer) return ok('recipient', `${short(fromServer)} (from the server's configuration)`);
  return fail('recipient', `${missing}: pass --recipient age1… (the server's public key)`);
}

/**
 * Everything a scheduled `printscan run` depends on, one check at a time, in the order a run
 * meets them: the state directory and its locks, the clock, the server, the token, the
 * recipient, and each range's devices. Checks never throw for what they find.
 */
export async function* runDoctor(o: DoctorOptions): AsyncGenerator<Check> {
  const now = o.now ?? Date.now;
  const state = await checkStateDir(o.stateDir);
  yield state;
  if (state.status === 'ok') {
    yield await checkLock(o.stateDir, 'run');
    yield await checkLock(o.stateDir, 'push');
  } else {
    yield skip('locks', 'not checked: the state directory is not usable');
  }
  yield checkClock(now(), o.fixedClock);
  let fromServer: ScanRange[] = [];
  let serverRecipient: string | undefined;
  if (o.server) {
    const result = await checkServer(o.server, now);
    yield* result.checks;
    fromServer = result.config?.ranges ?? [];
    serverRecipient = result.config?.recipient;
    const tokenChecked = result.checks.some((c) => c.check === 'token' && c.status === 'ok');
    yield tokenChecked || o.recipient ? checkRecipient(o.recipient, serverRecipient, "the server's configuration names no recipient") : skip('recipient', "not checked: the server's configuration could not be read");
  } else {
    yield skip('server', 'no --server (or PRINTSCAN_SERVER): reports go to no server');
    if (o.recipient || o.sealsWithoutServer) yield checkRecipient(o.recipient, undefined, 'no recipient to seal reports to');
  }
  let ranges: ScanRange[];
  try {
    ranges = o.rangesFor(fromServer);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    yield skip('snmp', "no ranges to check: name targets, --ranges FILE, or a --server whose configuration lists ranges");
    return;
  }
  for (const [i, range] of ranges.entries()) {
    try {
      yield await checkRange(range, i, o.sweep);
    } catch (e) {
      yield fail('snmp', `range ${i + 1}: ${(e as Error).message}`);
    }
  }
}

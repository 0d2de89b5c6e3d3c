import { Command } from 'commander';
import type { Check } from '../doctor/check.js';
import { runDoctor } from '../doctor/doctor.js';
import type { ServerTarget } from '../doctor/server.js';
import { PrintscanError } from '../errors.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { loadProfiles } from '../profiles/load.js';
import { checkRecipient } from '../report/seal.js';
import { serverDispatcher, serverUrl } from '../upload/https-uploader.js';
import { DEFAULT_RETRY } from '../upload/push.js';
import { rangesOrServers } from '../pipeline/scan.js';
import { tokenOf, type PushFlags } from './options/push.js';
import { runFlagsParser } from './options/run.js';
import { rangesOfFlags, sweepSettings, type ScanFlags } from './options/scan.js';
import { EXIT, exitWith, writeOut } from './output.js';

interface DoctorFlags extends ScanFlags, PushFlags {
  json?: boolean;
}

/**
 * The server to check, from the flags, with the connection a push would use (its proxy and
 * --ca are checked here, before any line); an unreadable token file is a finding, not a usage error.
 */
async function serverTarget(flags: DoctorFlags): Promise<ServerTarget | undefined> {
  const server = flags.server ?? (process.env.PRINTSCAN_SERVER || undefined);
  if (server === undefined) return undefined;
  const base = serverUrl(server, flags.allowHttp);
  const timeoutMs = flags.uploadTimeout ?? DEFAULT_RETRY.timeoutMs;
  let token: string | undefined;
  let tokenProblem: string | undefined;
  try {
    token = tokenOf(flags);
  } catch (e) {
    if (!(e instanceof PrintscanError)) throw e;
    tokenProblem = `${e.message}${e.hint ? ` (${e.hint})` : ''}`;
  }
  const dispatcher = await serverDispatcher({ server: base.href, token: token ?? '', caFile: flags.ca, proxy: flags.proxy, allowHttp: flags.allowHttp, timeoutMs });
  return { base, token, tokenProblem, dispatcher, timeoutMs };
}

const line = (c: Check) => `${{ ok: 'ok  ', fail: 'FAIL', skip: 'skip' }[c.status]}  ${c.check}: ${c.message}\n`;

export function doctorCommand(): Command {
  const cmd = new Command('doctor')
    .description('check what a scheduled printscan run needs: state directory, locks, clock, server, TLS, token, recipient, and SNMP in each range')
    .argument('[targets...]', 'what to check SNMP in (default: the ranges of --ranges or of the server configuration)')
    .option('--json', 'one JSON document: {ok, checks: [{check, status, message}]}');
  // The flags of `run`, so that a service's command line can be checked as it stands.
  for (const option of runFlagsParser().options) if (option.long !== '--json') cmd.addOption(option);
  return cmd.action(async (targets: string[], flags: DoctorFlags) => {
    const given = flags.recipient ?? (process.env.PRINTSCAN_RECIPIENT || undefined);
    const recipient = given !== undefined ? checkRecipient(given) : undefined;
    // A mistake in the targets or the ranges file is a usage error, said before anything is checked.
    const ranges = rangesOfFlags(targets, flags);
    const sweep = { ...sweepSettings(flags), profiles: loadProfiles(flags.mibs ?? []) };
    const server = await serverTarget(flags);
    const checks: Check[] = [];
    try {
      const doctor = runDoctor({
        stateDir: flags.state ?? defaultStateDir(),
        server,
        recipient,
        sealsWithoutServer: (flags.uploader ?? 'https') !== 'https',
        fixedClock: process.env.PRINTSCAN_NOW || undefined,
        rangesFor: (fromServer) => rangesOrServers(ranges, flags.exclude, fromServer),
        sweep,
      });
      for await (const check of doctor) {
        checks.push(check);
        if (!flags.json) writeOut(line(check));
      }
    } finally {
      await server?.dispatcher.close();
    }
    const healthy = checks.every((c) => c.status !== 'fail');
    if (flags.json) writeOut(JSON.stringify({ ok: healthy, checks }, null, 2) + '\n');
    if (!healthy) exitWith(EXIT.problems);
  });
}

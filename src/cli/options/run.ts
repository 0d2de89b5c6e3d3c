/** The flags of `run`: `service` checks a unit's command line with them, `doctor` takes them as they stand. */
import { Command, Option } from 'commander';
import type { Every } from '../../pipeline/schedule.js';
import type { Phase } from '../../upload/schedule.js';
import { DEFAULT_SCHEDULE } from '../../upload/server-config.js';
import { integer } from './integer.js';
import { addOutputOptions } from './output.js';
import { addPushOptions } from './push.js';
import type { RecordFlags } from './record.js';
import { addScanOptions } from './scan.js';

export interface RunFlags extends RecordFlags {
  discoverEvery?: number;
  collectEvery?: number;
  pushEvery?: number;
  now?: Phase;
  verbose?: boolean;
}

export function addRunOptions(cmd: Command): Command {
  cmd
    .option('--discover-every <min>', `minutes between discover sweeps (default: the server's, else ${DEFAULT_SCHEDULE.discoverMinutes})`, integer('--discover-every', 1, 525_600))
    .option('--collect-every <min>', `minutes between collects (default: the server's, else ${DEFAULT_SCHEDULE.collectMinutes})`, integer('--collect-every', 1, 525_600))
    .option('--push-every <min>', `minutes between pushes of what waits in the spool (default: the server's, else ${DEFAULT_SCHEDULE.pushMinutes})`, integer('--push-every', 1, 525_600))
    .addOption(new Option('--now <phase>', 'run this phase now, due or not').choices(['discover', 'collect', 'push']))
    .option('--verbose', 'say what ran, why, and when each phase is next due, also under a scheduler (without a terminal, run prints only problems)');
  addOutputOptions(cmd, 'what was collected, {devices, problems, summary}', 'collected');
  addScanOptions(cmd);
  return addPushOptions(cmd);
}

/** A command that parses run's flags and does nothing: for checking them. */
export function runFlagsParser(): Command {
  return addRunOptions(new Command('run'));
}

export function everyOf(flags: RunFlags): Every {
  return { discoverMinutes: flags.discoverEvery, collectMinutes: flags.collectEvery, pushMinutes: flags.pushEvery };
}

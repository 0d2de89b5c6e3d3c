import { Command, Option } from 'commander';
import { defaultStateDir } from '../inventory/state-dir.js';
import { Inventory } from '../inventory/store.js';
import { duePhases, markDone, nextDue, readScheduleState, type Phase } from '../upload/schedule.js';
import { DEFAULT_SCHEDULE, type Schedule } from '../upload/server-config.js';
import { collectInventory, type CollectFlags } from './collect.js';
import { addOutputOptions } from './discover.js';
import { addPushOptions } from './push-options.js';
import { lockState } from '../inventory/state-lock.js';
import { pushPending, unsealedLatest } from './push.js';
import type { Format } from './record-output.js';
import { recordFormat, planPush, scanWithPlan } from './scan.js';
import { addScanOptions, integer } from './scan-options.js';

interface RunFlags extends CollectFlags {
  discoverEvery?: number;
  collectEvery?: number;
  pushEvery?: number;
  now?: Phase;
}

const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** The server's schedule, where one was fetched; the flags override it, for a site that must differ. */
function scheduleOf(flags: RunFlags, fromServer: Schedule | undefined): Schedule {
  const base = fromServer ?? DEFAULT_SCHEDULE;
  return {
    discoverMinutes: flags.discoverEvery ?? base.discoverMinutes,
    collectMinutes: flags.collectEvery ?? base.collectMinutes,
    pushMinutes: flags.pushEvery ?? base.pushMinutes,
  };
}

/**
 * For cron and Task Scheduler: started every few minutes, it runs what the schedule says is
 * due (discover + collect, or collect alone) and pushes, then says when each phase is next due.
 */
export function runCommand(): Command {
  const cmd = new Command('run')
    .description('run what the schedule says is due (discover + collect, collect, push): start it from cron every 15 minutes')
    .argument('[targets...]', 'what to discover (default: the ranges of --ranges or of the server configuration)')
    .option('--discover-every <min>', `minutes between discover sweeps (default: the server's, else ${DEFAULT_SCHEDULE.discoverMinutes})`, integer('--discover-every', 1, 525_600))
    .option('--collect-every <min>', `minutes between collects (default: the server's, else ${DEFAULT_SCHEDULE.collectMinutes})`, integer('--collect-every', 1, 525_600))
    .option('--push-every <min>', `minutes between pushes of what waits in the spool (default: the server's, else ${DEFAULT_SCHEDULE.pushMinutes})`, integer('--push-every', 1, 525_600))
    .addOption(new Option('--now <phase>', 'run this phase now, due or not').choices(['discover', 'collect', 'push']));
  addOutputOptions(cmd, 'what was collected, {devices, problems, summary}', 'collected');
  addScanOptions(cmd);
  addPushOptions(cmd);
  return cmd.action(async (targets: string[], flags: RunFlags) => {
    const stateDir = flags.state ?? defaultStateDir();
    const pushes = (flags.server ?? process.env.PRINTSCAN_SERVER) !== undefined || (flags.uploader ?? 'https') !== 'https';
    // stdout carries the sealed report when that is the uploader: the records stay off it
    const format = recordFormat({ ...flags, push: pushes });
    let release: () => Promise<void>;
    try {
      release = await lockState(stateDir, 'run', 'working on this state directory');
    } catch (e) {
      // An overlapping start from the scheduler is not a failure: the run in progress does the work.
      process.stderr.write(`printscan: ${(e as Error).message}; this start does nothing\n`);
      return;
    }
    try {
      await runDue(targets, flags, stateDir, format, pushes);
    } finally {
      await release();
    }
  });
}

async function runDue(targets: string[], flags: RunFlags, stateDir: string, format: Format, pushes: boolean): Promise<void> {
  const plan = await planPush({ ...flags, push: pushes }, stateDir);
  try {
    const schedule = scheduleOf(flags, plan?.config?.config.schedule);
    const state = await readScheduleState(stateDir);
    const due = flags.now ? new Set<Phase>([flags.now, 'push']) : duePhases(schedule, state, Date.now());
    if (due.has('collect') && (await Inventory.open(stateDir)).list().length === 0) {
      due.delete('collect');
      due.add('discover');
    }
    let trouble = false;
    const scanFlags = { ...flags, push: false };
    const ran = due.has('discover') ? await scanWithPlan(targets, scanFlags, stateDir, plan, format) : due.has('collect') ? await collectInventory(scanFlags, format, stateDir, plan) : undefined;
    if (ran) {
      trouble = ran.trouble || ran.output.problems.length > 0;
      await markDone(stateDir, due.has('discover') ? ['discover', 'collect'] : ['collect']);
    }
    if (due.has('push') && plan) {
      trouble = (await pushPending(plan, stateDir, await unsealedLatest(stateDir), flags.quiet === true)) || trouble;
      await markDone(stateDir, ['push']);
    }
    if (!flags.quiet) {
      const after = await readScheduleState(stateDir);
      const next = (['discover', 'collect', 'push'] as const).map((p) => `${p} ${when(Math.max(nextDue(p, schedule, after), Date.now()))}`);
      process.stderr.write(`ran: ${[...due].join(', ') || 'nothing due'}; next due: ${next.join(', ')}\n`);
    }
    if (trouble) process.exitCode = 1;
  } finally {
    await plan?.close();
  }
}

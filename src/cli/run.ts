import { Command, Option } from 'commander';
import { defaultStateDir, prepareStateDir } from '../inventory/state-dir.js';
import { readStateFile } from '../fs/state-file.js';
import { LockBusyError, lockState, type LockHolder } from '../fs/state-lock.js';
import { Inventory } from '../inventory/store.js';
import { CACHE_FILE } from '../upload/config-client.js';
import { duePhases, markDone, nextDue, readScheduleState, type Phase } from '../upload/schedule.js';
import { DEFAULT_SCHEDULE, parseServerConfig, type Schedule } from '../upload/server-config.js';
import { collectInventory, type CollectFlags } from './collect.js';
import { addOutputOptions } from './discover.js';
import { interruption } from './interrupt.js';
import { addPushOptions } from './push-options.js';
import { sealAndSend } from './push-run.js';
import type { Format } from './record-output.js';
import { endCollected, recordFormat, planPush, scanWithPlan, sealLeftBehind } from './scan.js';
import { addScanOptions, integer } from './scan-options.js';

interface RunFlags extends CollectFlags {
  discoverEvery?: number;
  collectEvery?: number;
  pushEvery?: number;
  now?: Phase;
  verbose?: boolean;
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

/** The schedule of the last configuration fetched, read without the network: the run holding the lock fetched it. */
async function cachedSchedule(stateDir: string): Promise<Schedule | undefined> {
  const cache = await readStateFile<{ config: unknown }>(stateDir, CACHE_FILE);
  try {
    return cache.config === undefined ? undefined : parseServerConfig(cache.config, `cached ${CACHE_FILE}`).schedule;
  } catch {
    return undefined;
  }
}

const minutesAgo = (iso: string, now: number) => Math.floor((now - Date.parse(iso)) / 60_000);

/**
 * Another run holds the lock. One that started within the longest plausible run (two collect
 * intervals) is left to work; this start does nothing. One older than that is stuck: said
 * loudly, naming it, so that cron mail reaches someone.
 */
function reportHeld(holder: LockHolder, path: string, schedule: Schedule, now = Date.now()): void {
  const limit = 2 * schedule.collectMinutes;
  const running = minutesAgo(holder.startedAt, now);
  if (running <= limit) {
    process.stderr.write(`printscan: another printscan (pid ${holder.pid}) is working on this state directory; this start does nothing (that run started at ${holder.startedAt})\n`);
    return;
  }
  process.stderr.write(
    `printscan: error: run.lock is held by pid ${holder.pid}, started at ${holder.startedAt} (${running} min ago), longer than any run should take (2 × the ${schedule.collectMinutes}-minute collect interval): that process is probably stuck (stop it, e.g. kill ${holder.pid}; the next run then takes ${path} over)\n`,
  );
  process.exitCode = 1;
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
    .addOption(new Option('--now <phase>', 'run this phase now, due or not').choices(['discover', 'collect', 'push']))
    .option('--verbose', 'say what ran and when each phase is next due, also under a scheduler (without a terminal, run prints only problems)');
  addOutputOptions(cmd, 'what was collected, {devices, problems, summary}', 'collected');
  addScanOptions(cmd);
  addPushOptions(cmd);
  return cmd.action(async (targets: string[], flags: RunFlags) => {
    const stateDir = flags.state ?? defaultStateDir();
    await prepareStateDir(stateDir);
    const pushes = (flags.server ?? process.env.PRINTSCAN_SERVER) !== undefined || (flags.uploader ?? 'https') !== 'https';
    // stdout carries the sealed report when that is the uploader: the records stay off it
    const chosen = recordFormat({ ...flags, push: pushes });
    // Under a scheduler nobody reads a table or a summary: stdout stays empty unless a format
    // was asked for, and stderr carries only problems, so cron mails only what went wrong.
    const format = chosen === 'table' && !process.stdout.isTTY ? 'none' : chosen;
    if (!process.stdout.isTTY && !process.stderr.isTTY && !flags.verbose) flags.quiet = true;
    let release: () => Promise<void>;
    try {
      release = await lockState(stateDir, 'run', 'working on this state directory');
    } catch (e) {
      if (!(e instanceof LockBusyError)) throw e;
      // An overlapping start from the scheduler is not a failure: the run in progress does the work, unless it is stuck.
      reportHeld(e.holder, e.path, scheduleOf(flags, await cachedSchedule(stateDir)));
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
    // With nowhere to push, push is never due: it would stay due for ever and be claimed as run.
    if (!plan) due.delete('push');
    if (due.has('collect') && (await Inventory.open(stateDir)).list().length === 0) {
      due.delete('collect');
      due.add('discover');
    }
    let trouble = await sealLeftBehind(plan, stateDir, flags.quiet === true);
    const scanFlags = { ...flags, push: false };
    const ran = due.has('discover') ? await scanWithPlan(targets, scanFlags, stateDir, plan, format) : due.has('collect') ? await collectInventory(scanFlags, format, stateDir, plan) : undefined;
    if (ran) {
      trouble = ran.trouble || ran.output.problems.length > 0 || trouble;
      // an interrupted collect is not done: the next run collects again
      if (!interruption().aborted) await markDone(stateDir, due.has('discover') ? ['discover', 'collect'] : ['collect']);
    }
    if (due.has('push') && plan) {
      const pushed = await sealAndSend(plan, stateDir, flags.quiet === true);
      trouble = pushed.trouble || trouble;
      if (pushed.summary) await markDone(stateDir, ['push']);
    }
    if (!flags.quiet) {
      const after = await readScheduleState(stateDir);
      const next = (plan ? (['discover', 'collect', 'push'] as const) : (['discover', 'collect'] as const)).map((p) => `${p} ${when(Math.max(nextDue(p, schedule, after), Date.now()))}`);
      process.stderr.write(`ran: ${[...due].join(', ') || 'nothing due'}; next due: ${next.join(', ')}\n`);
    }
    if (trouble) process.exitCode = 1;
    if (ran) endCollected(ran);
  } finally {
    await plan?.close();
  }
}

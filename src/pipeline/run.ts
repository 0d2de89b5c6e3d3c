/** run: what a scheduler starts every few minutes; it runs what the schedule says is due. */
import { readStateFile } from '../fs/state-file.js';
import { prepareStateDir } from '../inventory/state-dir.js';
import { LockBusyError, lockState } from '../fs/state-lock.js';
import { Inventory } from '../inventory/store.js';
import { CACHE_FILE } from '../upload/config-client.js';
import { markDone, readScheduleState, type Phase } from '../upload/schedule.js';
import { parseServerConfig, type Schedule } from '../upload/server-config.js';
import { collectWithPlan, type CollectSettings } from './collect.js';
import { contextOf, type PipelineContext, type PipelineOptions } from './context.js';
import type { PushPlan, PushSetup } from './push-plan.js';
import { decide, nextDue, scheduleOf, type Decision, type Every } from './schedule.js';
import { scanWithPlan, type ScanSettings } from './scan.js';
import { sealLeftBehind, withPush, type Collected } from './steps.js';
import { sealAndSend, type PushOutcome } from './seal-send.js';

export interface RunPipelineOptions extends PipelineOptions {
  /** how a discover sweeps (its ranges empty: the server's) */
  scan: ScanSettings;
  /** how a collect reads the inventory */
  collect: CollectSettings;
  /** where reports go; without, nothing is ever pushed */
  push?: PushSetup;
  /** the site's intervals, over the server's schedule */
  every?: Every;
  /** run this phase now, due or not */
  now?: Phase;
  /** the clock, in ms since the epoch */
  clock?: () => number;
}

/** Another run holds the lock; `stuck` when it started longer ago than any run should take (two collect intervals). */
export interface HeldRun {
  pid: number;
  startedAt: string;
  path: string;
  runningMinutes: number;
  collectMinutes: number;
  stuck: boolean;
}

export type RunResult =
  | { held: HeldRun }
  | {
      held?: undefined;
      decision: Decision;
      /** the discover + collect or the collect that ran */
      collected?: Collected;
      push?: PushOutcome;
      /** when each phase is next due (push only when there is somewhere to push) */
      next: Partial<Record<Phase, number>>;
      trouble: boolean;
    };

/** The schedule of the last configuration fetched, read without the network: the run holding the lock fetched it. */
async function cachedSchedule(stateDir: string): Promise<Schedule | undefined> {
  const cache = await readStateFile<{ config: unknown }>(stateDir, CACHE_FILE);
  try {
    return cache.config === undefined ? undefined : parseServerConfig(cache.config, `cached ${CACHE_FILE}`).schedule;
  } catch {
    return undefined;
  }
}

async function heldBy(e: LockBusyError, options: RunPipelineOptions, now: number): Promise<HeldRun> {
  const { collectMinutes } = scheduleOf(options.every ?? {}, await cachedSchedule(options.stateDir));
  const runningMinutes = Math.floor((now - Date.parse(e.holder.startedAt)) / 60_000);
  return { ...e.holder, path: e.path, runningMinutes, collectMinutes, stuck: runningMinutes > 2 * collectMinutes };
}

async function runPhases(options: RunPipelineOptions, plan: PushPlan | undefined, ctx: PipelineContext, clock: () => number): Promise<RunResult> {
  const schedule = scheduleOf(options.every ?? {}, plan?.config?.config.schedule);
  const inventoryEmpty = (await Inventory.open(ctx.stateDir)).list().length === 0;
  const decision = decide({ state: await readScheduleState(ctx.stateDir), schedule, now: clock(), force: options.now, pushes: plan !== undefined, inventoryEmpty });
  let trouble = await sealLeftBehind(plan, ctx);
  const use = { plan, send: false };
  const collected = decision.discover ? await scanWithPlan(options.scan, use, ctx) : decision.collect ? await collectWithPlan(options.collect, use, ctx) : undefined;
  if (collected) {
    trouble = collected.trouble || collected.report.problems.length > 0 || trouble;
    // an interrupted collect is not done: the next run collects again
    if (!ctx.signal?.aborted) await markDone(ctx.stateDir, decision.discover ? ['discover', 'collect'] : ['collect']);
  }
  let push: PushOutcome | undefined;
  if (decision.push && plan) {
    push = await sealAndSend(plan, ctx.stateDir, ctx.emit, { send: true, signal: ctx.signal });
    trouble = push.trouble || trouble;
    if (push.summary) await markDone(ctx.stateDir, ['push']);
  }
  const after = await readScheduleState(ctx.stateDir);
  const phases: Phase[] = plan ? ['discover', 'collect', 'push'] : ['discover', 'collect'];
  const next = Object.fromEntries(phases.map((p) => [p, Math.max(nextDue(p, schedule, after, clock()), clock())]));
  return { decision, collected, push, next, trouble };
}

/**
 * Runs what is due under the run lock: discover + collect, or collect alone, then the push.
 * A run that finds the lock held returns who holds it and does nothing. Events go to `emit`;
 * nothing is printed.
 */
export async function runDue(options: RunPipelineOptions): Promise<RunResult> {
  const ctx = contextOf(options);
  const clock = options.clock ?? Date.now;
  await prepareStateDir(ctx.stateDir);
  let release: () => Promise<void>;
  try {
    release = await lockState(ctx.stateDir, 'run', 'working on this state directory');
  } catch (e) {
    if (!(e instanceof LockBusyError)) throw e;
    return { held: await heldBy(e, options, clock()) };
  }
  try {
    return await withPush(options.push, ctx, options.push !== undefined, (plan) => runPhases(options, plan, ctx, clock));
  } finally {
    await release();
  }
}

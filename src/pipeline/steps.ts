/** The steps scan, collect, push and run share: prepare the push, seal what a killed run left, keep the report and push it. */
import type { Profile } from '../profiles/types.js';
import type { Report } from '../report/types.js';
import type { PipelineContext } from './context.js';
import type { Gathered } from './gather.js';
import { preparePush, type PushPlan, type PushSetup } from './push-plan.js';
import { saveCollected } from './save.js';
import { sealAndSend, type PushOutcome } from './seal-send.js';

/** What a scan or a collect made; `trouble`: something the user must look at (failed upload, dropped reports). */
export interface Collected {
  report: Report;
  trouble: boolean;
  push?: PushOutcome;
}

/** What a step that runs inside a prepared push (scan --push, run) needs to know of it. */
export interface PlanUse {
  plan: PushPlan | undefined;
  /** seal and send the report at the end (scan --push); otherwise only keep it pending for the plan */
  send: boolean;
}

/** Before a new report is made, the ones a killed run left are sealed (when the push can seal). */
export async function sealLeftBehind(plan: PushPlan | undefined, ctx: PipelineContext): Promise<boolean> {
  if (plan?.recipient === undefined) return false;
  return (await sealAndSend(plan, ctx.stateDir, ctx.emit, { send: false, signal: ctx.signal })).trouble;
}

/** Keeps the report, then seals and sends it when asked (only seals after a signal). */
export async function keepAndPush(gathered: Gathered, discovered: boolean, profiles: Profile[], use: PlanUse, ctx: PipelineContext): Promise<Collected> {
  const report = await gathered.report(ctx.stateDir);
  let trouble = await saveCollected(ctx.stateDir, report, use.plan?.spoolLimits, profiles, discovered, gathered.hints, ctx.emit);
  ctx.emit({ type: 'reported', report, discover: gathered.discover, collect: gathered.collect });
  if (!use.plan || !use.send) return { report, trouble };
  const push = await sealAndSend(use.plan, ctx.stateDir, ctx.emit, { send: true, signal: ctx.signal });
  return { report, trouble: push.trouble || trouble, push };
}

/** Prepares the push when one is asked (before the first packet), and closes it at the end. */
export async function withPush<T>(setup: PushSetup | undefined, ctx: PipelineContext, needsRecipient: boolean, body: (plan: PushPlan | undefined) => Promise<T>): Promise<T> {
  const plan = setup ? await preparePush(setup, ctx.stateDir, needsRecipient) : undefined;
  for (const message of plan?.warnings ?? []) ctx.emit({ type: 'warning', message });
  try {
    return await body(plan);
  } finally {
    await plan?.close();
  }
}

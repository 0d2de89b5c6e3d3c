/** push: seal every report not sealed yet, then send the spool, oldest first. */
import { prepareStateDir } from '../inventory/state-dir.js';
import { reportsToSeal } from '../upload/seal-pending.js';
import { contextOf, type PipelineOptions } from './context.js';
import type { PushSetup } from './push-plan.js';
import { withPush } from './steps.js';
import { sealAndSend, type PushOutcome } from './seal-send.js';

export interface PushPipelineOptions extends PipelineOptions {
  push: PushSetup;
}

/** Seals what waits (when there is something, a recipient is needed) and sends everything in the spool. */
export async function runPush(options: PushPipelineOptions): Promise<PushOutcome> {
  const ctx = contextOf(options);
  await prepareStateDir(ctx.stateDir);
  const needsRecipient = (await reportsToSeal(ctx.stateDir)).length > 0;
  return withPush(options.push, ctx, needsRecipient, (plan) => sealAndSend(plan!, ctx.stateDir, ctx.emit, { send: true, signal: ctx.signal }));
}

/** Sealing what waits into the spool and sending the spool, under the push lock. */
import type { Emit } from '../events.js';
import { LockBusyError, lockState } from '../fs/state-lock.js';
import { pushSpool, type PushSummary } from '../upload/push.js';
import { updatePushState } from '../upload/push-state.js';
import { reportsToSeal, sealPending } from '../upload/seal-pending.js';
import { Spool } from '../upload/spool.js';
import type { PushPlan } from './push-plan.js';

export interface PushOutcome {
  /** something the user must act on: a failed upload, dropped or unsealed reports, a busy spool */
  trouble: boolean;
  summary?: PushSummary;
}

/** Seals every report not sealed yet (the caller holds the push lock); true when reports had to be dropped or could not be sealed. */
async function sealAll(plan: PushPlan, stateDir: string, spool: Spool, emit: Emit): Promise<boolean> {
  if (plan.recipient === undefined) {
    const waiting = plan.unreachable ? (await reportsToSeal(stateDir)).length : 0;
    if (waiting > 0) emit({ type: 'unsealed', reports: waiting, cause: plan.unreachable!.cause });
    return waiting > 0;
  }
  let dropped = false;
  for await (const event of sealPending(stateDir, spool, plan.recipient, plan.privacy)) {
    if (event.type === 'alreadySealed') continue;
    const { report, sent, entry } = event;
    emit({ type: 'sealed', reportId: report.reportId, devices: report.devices.length, privacy: plan.privacy.level, jsonBytes: Buffer.byteLength(JSON.stringify(sent)), sealedBytes: entry.bytes });
    for (const d of event.dropped) emit({ type: 'dropped', reportId: d.reportId, madeAt: d.createdAt, reason: 'spoolFull', limits: spool.limits });
    dropped ||= event.dropped.length > 0;
  }
  return dropped;
}

async function sendAll(plan: PushPlan, stateDir: string, spool: Spool, emit: Emit, signal?: AbortSignal): Promise<PushSummary | undefined> {
  let summary: PushSummary | undefined;
  for await (const event of pushSpool(spool, plan.uploader, plan.retry, signal)) {
    if (event.type === 'sent') {
      await updatePushState(stateDir, { lastSent: { reportId: event.entry.reportId, at: new Date().toISOString(), uploader: plan.uploader.name, detail: event.detail } });
      emit({ type: 'sent', reportId: event.entry.reportId, bytes: event.entry.bytes, detail: event.detail });
    } else if (event.type === 'retrying') emit({ type: 'retrying', reportId: event.entry.reportId, error: event.error, delayMs: event.delayMs });
    else if (event.type === 'failed') emit({ type: 'failed', reportId: event.entry.reportId, error: event.error, refusedForGood: event.refusedForGood });
    else summary = event.summary;
  }
  return summary;
}

/**
 * Under the push lock: seals what waits to be sealed, then (with `send`, and unless `signal`
 * aborted) sends the spool oldest first; what could not be sent stays for the next push.
 */
export async function sealAndSend(plan: PushPlan, stateDir: string, emit: Emit, options: { send: boolean; signal?: AbortSignal }): Promise<PushOutcome> {
  let release: () => Promise<void>;
  try {
    release = await lockState(stateDir, 'push', 'sending this spool');
  } catch (e) {
    if (!(e instanceof LockBusyError)) throw e;
    if (!options.send) return { trouble: false };
    emit({ type: 'pushBusy', message: e.message });
    return { trouble: true };
  }
  let trouble = false;
  let summary: PushSummary | undefined;
  try {
    const spool = await Spool.open(stateDir, plan.spoolLimits);
    emit({ type: 'phase', phase: 'seal' });
    trouble = await sealAll(plan, stateDir, spool, emit);
    if (options.send && !options.signal?.aborted) {
      emit({ type: 'phase', phase: 'push' });
      summary = await sendAll(plan, stateDir, spool, emit, options.signal);
    }
  } finally {
    await release();
  }
  if (summary) emit({ type: 'pushed', summary });
  return { trouble: trouble || (summary?.failed ?? 0) > 0 || options.signal?.aborted === true, summary };
}

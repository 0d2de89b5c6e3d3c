/** Sealing into the spool and sending it, with what the user must hear about on stderr. */
import type { PendingReport } from '../inventory/latest-report.js';
import { LockBusyError, lockState } from '../fs/state-lock.js';
import { pushSpool, type PushSummary } from '../upload/push.js';
import { updatePushState } from '../upload/push-state.js';
import { sealPending } from '../upload/seal-pending.js';
import { Spool, type SpoolEntry } from '../upload/spool.js';
import { interruption } from './interrupt.js';
import type { PushPlan } from './push-options.js';

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface PushOutcome {
  /** something the user must act on: a failed upload, reports dropped from a full spool, a busy spool */
  trouble: boolean;
  summary?: PushSummary;
}

function warnDropped(dropped: SpoolEntry[], spool: Spool): void {
  for (const d of dropped) {
    process.stderr.write(
      `printscan: warning: spool full (${spool.limits.maxReports} reports / ${(spool.limits.maxBytes / 1024 / 1024).toFixed(0)} MB): dropped the oldest report ${d.reportId} of ${d.createdAt}, never delivered\n`,
    );
  }
}

/** Reports let go because too many waited to be sealed (no push for a long time). */
export function warnLetGo(dropped: PendingReport[]): void {
  for (const d of dropped) {
    process.stderr.write(`printscan: warning: too many reports wait to be sealed: let go the oldest, ${d.reportId} of ${d.keptAt}, never delivered (push more often)\n`);
  }
}

/** Seals every report not sealed yet (the caller holds the push lock); true when older reports had to be dropped. */
async function sealAll(plan: PushPlan, stateDir: string, spool: Spool, quiet: boolean): Promise<boolean> {
  if (plan.recipient === undefined) return false;
  let dropped = false;
  for await (const event of sealPending(stateDir, spool, plan.recipient, plan.privacy)) {
    if (event.type === 'alreadySealed') continue;
    const { report, sent, entry } = event;
    if (!quiet) {
      const json = Buffer.byteLength(JSON.stringify(sent));
      const level = plan.privacy.level === 'full' ? '' : `, privacy ${plan.privacy.level}`;
      process.stderr.write(`sealed report ${report.reportId}: ${report.devices.length} devices${level}, ${kb(json)} JSON → ${kb(entry.bytes)} sealed (gzip + age)\n`);
    }
    warnDropped(event.dropped, spool);
    dropped ||= event.dropped.length > 0;
  }
  return dropped;
}

/**
 * Under the push lock: seals what waits to be sealed, then (with `send`, and unless interrupted)
 * sends the spool oldest first; what could not be sent stays for the next push.
 */
export async function sealAndSend(plan: PushPlan, stateDir: string, quiet: boolean, send = true): Promise<PushOutcome> {
  let release: () => Promise<void>;
  try {
    release = await lockState(stateDir, 'push', 'sending this spool');
  } catch (e) {
    if (!(e instanceof LockBusyError)) throw e;
    if (!send) return { trouble: false };
    process.stderr.write(`printscan: warning: ${e.message}; what waits is sealed and sent by the next push\n`);
    return { trouble: true };
  }
  const interrupt = interruption();
  let dropped = false;
  let summary: PushSummary | undefined;
  try {
    const spool = await Spool.open(stateDir, plan.spoolLimits);
    dropped = await sealAll(plan, stateDir, spool, quiet);
    if (send && !interrupt.aborted) summary = await sendAll(plan, stateDir, spool, quiet, interrupt);
  } finally {
    await release();
  }
  if (summary && !quiet) {
    process.stderr.write(`push: ${summary.sent} sent (${kb(summary.bytesSent)}), ${summary.failed} failed, ${summary.waiting} waiting in the spool\n`);
  }
  return { trouble: dropped || (summary?.failed ?? 0) > 0 || interrupt.aborted, summary };
}

async function sendAll(plan: PushPlan, stateDir: string, spool: Spool, quiet: boolean, signal: AbortSignal): Promise<PushSummary | undefined> {
  let summary: PushSummary | undefined;
  for await (const event of pushSpool(spool, plan.uploader, plan.retry, signal)) {
    if (event.type === 'sent') {
      await updatePushState(stateDir, { lastSent: { reportId: event.entry.reportId, at: new Date().toISOString(), uploader: plan.uploader.name, detail: event.detail } });
      if (!quiet) process.stderr.write(`sent report ${event.entry.reportId} (${kb(event.entry.bytes)}): ${event.detail}\n`);
    } else if (event.type === 'retrying') {
      if (!quiet) process.stderr.write(`printscan: ${event.error}; trying again in ${(event.delayMs / 1000).toFixed(1)} s\n`);
    } else if (event.type === 'failed') {
      // A report the server refuses for itself (400, 413, 415, 422) will be refused every time: say how to let it go.
      const hint = event.refusedForGood ? `; if the server refuses it on every push, remove it with: printscan push --drop ${event.entry.reportId.slice(0, 8)}` : '';
      process.stderr.write(`printscan: error: report ${event.entry.reportId} not delivered: ${event.error} (kept in the spool for the next push${hint})\n`);
    } else summary = event.summary;
  }
  return summary;
}

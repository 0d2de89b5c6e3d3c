/** Sealing into the spool and sending it, with what the user must hear about on stderr. */
import type { Report } from '../report/types.js';
import { applyPrivacy } from '../report/privacy.js';
import { sealReport } from '../report/seal.js';
import { pushSpool, type PushSummary } from '../upload/push.js';
import { lockState } from '../inventory/state-lock.js';
import { updatePushState } from '../upload/push-state.js';
import { Spool, type SpoolEntry } from '../upload/spool.js';
import type { PushPlan } from './push-options.js';

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface PushOutcome {
  /** something the user must act on: a failed upload, or reports dropped from a full spool */
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

/** Seals the report to the plan's recipient and spools it; returns true when older reports had to be dropped. */
export async function sealIntoSpool(report: Report, plan: PushPlan, stateDir: string, quiet: boolean): Promise<boolean> {
  const sent = applyPrivacy(report, plan.privacy);
  const sealed = await sealReport(sent, plan.recipient!);
  const spool = await Spool.open(stateDir, plan.spoolLimits);
  const { dropped } = await spool.add(report.reportId, sealed);
  await updatePushState(stateDir, { lastSealedReportId: report.reportId });
  if (!quiet) {
    const json = Buffer.byteLength(JSON.stringify(sent));
    const level = plan.privacy.level === 'full' ? '' : `, privacy ${plan.privacy.level}`;
    process.stderr.write(`sealed report ${report.reportId}: ${report.devices.length} devices${level}, ${kb(json)} JSON → ${kb(sealed.byteLength)} sealed (gzip + age)\n`);
  }
  warnDropped(dropped, spool);
  return dropped.length > 0;
}

/** Sends the spool, oldest first; what could not be sent stays for the next push. */
export async function sendSpool(plan: PushPlan, stateDir: string, quiet: boolean): Promise<PushOutcome> {
  let release: () => Promise<void>;
  try {
    release = await lockState(stateDir, 'push', 'sending this spool');
  } catch (e) {
    process.stderr.write(`printscan: warning: ${(e as Error).message}; the spool waits for the next push\n`);
    return { trouble: true };
  }
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let summary: PushSummary | undefined;
  try {
    const spool = await Spool.open(stateDir, plan.spoolLimits);
    for await (const event of pushSpool(spool, plan.uploader, plan.retry, interrupt.signal)) {
      if (event.type === 'sent') {
        await updatePushState(stateDir, { lastSent: { reportId: event.entry.reportId, at: new Date().toISOString(), uploader: plan.uploader.name, detail: event.detail } });
        if (!quiet) process.stderr.write(`sent report ${event.entry.reportId} (${kb(event.entry.bytes)}): ${event.detail}\n`);
      } else if (event.type === 'retrying') {
        if (!quiet) process.stderr.write(`printscan: ${event.error}; trying again in ${(event.delayMs / 1000).toFixed(1)} s\n`);
      } else if (event.type === 'failed') {
        process.stderr.write(`printscan: error: report ${event.entry.reportId} not delivered: ${event.error} (kept in the spool for the next push)\n`);
      } else summary = event.summary;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await release();
  }
  if (summary && !quiet) {
    process.stderr.write(`push: ${summary.sent} sent (${kb(summary.bytesSent)}), ${summary.failed} failed, ${summary.waiting} waiting in the spool\n`);
  }
  return { trouble: (summary?.failed ?? 0) > 0 || interrupt.signal.aborted, summary };
}

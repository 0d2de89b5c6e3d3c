import { keepsPending, listPending, readLatestReport, readPending, settlePending } from '../inventory/latest-report.js';
import { pausePoint } from '../fs/pause-point.js';
import { applyPrivacy, type Privacy } from '../report/privacy.js';
import type { Report } from '../report/types.js';
import { sealReport } from '../report/seal.js';
import { readPushState, updatePushState } from './push-state.js';
import type { Spool } from './spool.js';

export type { SealEvent } from '../events.js';
import type { SealEvent } from '../events.js';

/**
 * The reports still to seal, oldest first: every pending one, then the latest report when it is
 * not pending (a run that pushed nowhere, or a state directory an older printscan kept) and no
 * push has sealed it.
 */
export async function reportsToSeal(stateDir: string): Promise<string[]> {
  const pending = (await keepsPending(stateDir)) ? (await listPending(stateDir)).map((p) => p.reportId) : [];
  const latest = await readLatestReport(stateDir).catch(() => undefined);
  if (!latest || pending.includes(latest.reportId) || latest.reportId === (await readPushState(stateDir)).lastSealedReportId) return pending;
  return [...pending, latest.reportId];
}

async function readToSeal(stateDir: string, reportId: string): Promise<Report> {
  const latest = await readLatestReport(stateDir).catch(() => undefined);
  return latest?.reportId === reportId && !(await listPending(stateDir)).some((p) => p.reportId === reportId) ? latest : readPending(stateDir, reportId);
}

/**
 * Seals every report not sealed yet into the spool, oldest first, reduced to `privacy` (the
 * level in force when it is sealed). The caller holds the push
 * lock, so nothing is sent between sealing a report and settling it; a report the spool already
 * holds (a kill came in between) is settled, never sealed twice: reportId is the server's
 * idempotency key, and one spool entry per report keeps it so.
 */
export async function* sealPending(stateDir: string, spool: Spool, recipient: string, privacy: Privacy): AsyncGenerator<SealEvent> {
  for (const reportId of await reportsToSeal(stateDir)) {
    if ((await spool.list()).some((e) => e.reportId === reportId)) {
      await markSealed(stateDir, reportId);
      yield { type: 'alreadySealed', reportId };
      continue;
    }
    const report = await readToSeal(stateDir, reportId);
    const sent = applyPrivacy(report, privacy);
    const { entry, dropped } = await spool.add(reportId, await sealReport(sent, recipient));
    await pausePoint('report-spooled');
    await markSealed(stateDir, reportId);
    yield { type: 'sealed', report, sent, entry, dropped };
  }
}

async function markSealed(stateDir: string, reportId: string): Promise<void> {
  await updatePushState(stateDir, { lastSealedReportId: reportId });
  await settlePending(stateDir, reportId);
}

import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PrintscanError } from '../errors.js';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { syncDir, writeFileAtomic, writeFileAtomicTwice } from '../fs/atomic-write.js';

export const LATEST_REPORT_FILE = 'latest-report.json';
/** Reports made and not sealed into the spool yet, one file per reportId. */
export const PENDING_DIR = 'pending';

export interface PendingLimits {
  maxReports: number;
  maxBytes: number;
}

/** A report waiting to be sealed. */
export interface PendingReport {
  reportId: string;
  /** when it was written: pending reports are sealed in this order */
  keptAt: string;
  bytes: number;
}

const PENDING_NAME = /^([0-9a-f-]{36})\.json$/;

const pendingPath = (stateDir: string, reportId: string) => join(stateDir, PENDING_DIR, `${reportId}.json`);

/**
 * Makes `report` the latest (what `push --status` shows) and, for a run that pushes (`limits`
 * given), keeps it pending under its reportId in the same step: a kill at any moment leaves it
 * pending, or never written; never the latest without being pending. Beyond `limits`, the oldest
 * pending reports are let go and returned, so the caller can say so loudly; the report just kept
 * is never one of them. A run that pushes nowhere writes the latest alone, as a technician's
 * ad-hoc scans should not pile up: `push` seals it later if no push has.
 */
export async function keepReport(stateDir: string, report: Report, limits: PendingLimits | undefined): Promise<PendingReport[]> {
  const text = JSON.stringify(report, null, 2) + '\n';
  if (!limits) {
    await writeFileAtomic(join(stateDir, LATEST_REPORT_FILE), text);
    return [];
  }
  await writeFileAtomicTwice(pendingPath(stateDir, report.reportId), join(stateDir, LATEST_REPORT_FILE), text);
  const older = (await listPending(stateDir)).filter((p) => p.reportId !== report.reportId);
  const dropped: PendingReport[] = [];
  let bytes = older.reduce((sum, p) => sum + p.bytes, Buffer.byteLength(text));
  while (older.length > 0 && (older.length + 1 > limits.maxReports || bytes > limits.maxBytes)) {
    const oldest = older.shift()!;
    await settlePending(stateDir, oldest.reportId);
    bytes -= oldest.bytes;
    dropped.push(oldest);
  }
  return dropped;
}

/** Whether reports are kept pending here: a state directory of an older printscan has only the latest. */
export async function keepsPending(stateDir: string): Promise<boolean> {
  return (await stat(join(stateDir, PENDING_DIR)).catch(() => undefined))?.isDirectory() === true;
}

/** The pending reports, oldest first. */
export async function listPending(stateDir: string): Promise<PendingReport[]> {
  const dir = join(stateDir, PENDING_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const found: PendingReport[] = [];
  for (const name of names) {
    const m = PENDING_NAME.exec(name);
    if (!m) continue;
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info) found.push({ reportId: m[1], keptAt: info.mtime.toISOString(), bytes: info.size });
  }
  return found.sort((a, b) => a.keptAt.localeCompare(b.keptAt) || a.reportId.localeCompare(b.reportId));
}

export async function readPending(stateDir: string, reportId: string): Promise<Report> {
  const path = pendingPath(stateDir, reportId);
  try {
    return validateReport(JSON.parse(await readFile(path, 'utf8')));
  } catch (e) {
    throw new PrintscanError('badState', `the pending report ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'move it out of the pending folder');
  }
}

/** The report is in the spool now (or let go on purpose): it is pending no more. */
export async function settlePending(stateDir: string, reportId: string): Promise<void> {
  await rm(pendingPath(stateDir, reportId), { force: true });
  await syncDir(join(stateDir, PENDING_DIR));
}

export async function readLatestReport(stateDir: string): Promise<Report | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, LATEST_REPORT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return validateReport(JSON.parse(text));
}

import type { IncomingMessage } from 'node:http';
import { PrintscanError } from '../errors.js';
import { openReport } from '../report/seal.js';
import type { SentReport } from '../report/types.js';
import { BodyTooLarge, readBody } from './body.js';
import { MAX_IDEMPOTENCY_KEY, type IdempotencyStore, type StoredAnswer } from './idempotency.js';
import type { ReportStore } from './store.js';

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

export interface ReportsContext {
  identity: string;
  store: ReportStore;
  idempotency: IdempotencyStore;
  maxBodyBytes: number;
}

/** What to send back, with what the request log needs to know. */
export interface Answer extends StoredAnswer {
  headers?: Record<string, string>;
  collector?: string;
  reportId?: string;
  error?: string;
}

export function failure(status: number, error: string, headers?: Record<string, string>): Answer {
  return { status, body: { error }, headers, error };
}

const replayed = (stored: StoredAnswer): Answer => ({
  ...stored,
  headers: { 'Idempotent-Replayed': 'true' },
  reportId: (stored.body as { reportId?: string }).reportId,
});

/**
 * POST /v1/reports for an authenticated collector. The sealed body is on disk and the report
 * appended before the answer is given; a retry with the same Idempotency-Key, or a report already
 * appended, gets an answer but never a second line.
 */
export async function receiveReport(req: IncomingMessage, collector: string, ctx: ReportsContext): Promise<Answer> {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '' || key.length > MAX_IDEMPOTENCY_KEY) {
    return failure(400, `an Idempotency-Key header of 1 to ${MAX_IDEMPOTENCY_KEY} characters is required`);
  }
  let body: Buffer;
  try {
    body = await readBody(req, ctx.maxBodyBytes);
  } catch (e) {
    if (e instanceof BodyTooLarge) return failure(413, e.message);
    throw e;
  }
  return ctx.idempotency.exclusive(collector, key, async () => {
    const stored = await ctx.idempotency.get(collector, key);
    if (stored) return replayed(stored);
    const receivedAt = new Date().toISOString();
    let report: SentReport;
    try {
      report = await openReport(body, ctx.identity);
    } catch (e) {
      if (!(e instanceof PrintscanError)) throw e;
      await ctx.store.saveRejected(collector, body, { idempotencyKey: key, receivedAt, error: e.message });
      return failure(422, e.message);
    }
    const answer = { reportId: report.reportId, devices: report.devices.length, receivedAt };
    // A report appended before (a crash lost its answer, or it came under another key) keeps its first sealed copy.
    let fresh = false;
    if (!ctx.store.has(report.reportId)) {
      await ctx.store.saveSealed(collector, report.reportId, body);
      fresh = await ctx.store.append(report);
    }
    const first: StoredAnswer = { status: fresh ? 201 : 200, body: answer };
    await ctx.idempotency.put(collector, key, first);
    return fresh ? { ...first, reportId: report.reportId } : replayed(first);
  });
}

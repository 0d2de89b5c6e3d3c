import { setTimeout as sleep } from 'node:timers/promises';
import { pausePoint } from '../fs/pause-point.js';
import { SEALED_CONTENT_TYPE, sealedFileName } from '../report/seal.js';
import type { Spool } from './spool.js';
import { UploadError, type Uploader } from './uploader.js';

export interface RetryPolicy {
  /** tries per report in one push, the first included */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** abandon a try that has not finished after this long */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 60_000 };

export type { PushEvent, PushSummary } from '../events.js';
import type { PushEvent, PushSummary } from '../events.js';

/** Full jitter (a random delay up to the exponential bound) keeps a fleet of collectors from retrying in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * bound);
}

function asUploadError(e: unknown): UploadError {
  if (e instanceof UploadError) return e;
  const err = e as Error & { retryable?: unknown };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new UploadError(`no answer within the upload timeout`, { retryable: true });
  return new UploadError(err?.message ?? String(e), { retryable: err?.retryable === true });
}

/**
 * The upload, or its abort: an uploader that never settles, or ignores the signal (a user's
 * module, a file system call that never returns), is given up at the timeout all the same.
 */
function settledBy<T>(upload: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    upload.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A failure that says nothing about the next report (this one is too big, or unreadable to the server). */
const onlyThisReport = (e: UploadError) => e.status === 400 || e.status === 413 || e.status === 415 || e.status === 422;

/**
 * Sends the spool oldest first. A report leaves the spool only when the uploader says the
 * destination holds it; anything else is recorded beside it and it waits for the next push.
 */
export async function* pushSpool(spool: Spool, uploader: Uploader, policy: RetryPolicy = DEFAULT_RETRY, signal?: AbortSignal): AsyncGenerator<PushEvent> {
  const summary: PushSummary = { sent: 0, failed: 0, waiting: 0, bytesSent: 0 };
  const queue = await spool.list();
  const limit = uploader.maxPerPush ?? Infinity;
  let handled = 0;
  for (const entry of queue) {
    if (handled >= limit || signal?.aborted) break;
    handled += 1;
    const body = await spool.read(entry);
    const report = { reportId: entry.reportId, fileName: sealedFileName(entry.reportId), contentType: SEALED_CONTENT_TYPE, body };
    let current = entry;
    let lastError: UploadError | undefined;
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      // A timer that holds the process open (AbortSignal.timeout's does not): an upload that never
      // settles must still end in a timeout, not in Node exiting on an unsettled promise.
      const timer = new AbortController();
      const held = setTimeout(() => timer.abort(new DOMException('upload timeout', 'TimeoutError')), policy.timeoutMs);
      const timeout = timer.signal;
      const either = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const { detail } = await settledBy(uploader.upload(report, { signal: either }), either).finally(() => clearTimeout(held));
        await pausePoint('report-sent');
        await spool.remove(current);
        summary.sent += 1;
        summary.bytesSent += body.byteLength;
        lastError = undefined;
        yield { type: 'sent', entry: current, detail };
        break;
      } catch (e) {
        lastError = timeout.aborted && !signal?.aborted ? new UploadError(`no answer within ${policy.timeoutMs} ms`, { retryable: true }) : asUploadError(e);
        current = await spool.recordFailure(current, lastError.message);
        if (!lastError.retryable || attempt === policy.attempts || signal?.aborted) break;
        const delayMs = Math.max(backoffDelay(policy, attempt), lastError.retryAfterMs ?? 0);
        if (delayMs > policy.maxDelayMs) break;
        yield { type: 'retrying', entry: current, error: lastError.message, delayMs, attempt };
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      }
    }
    if (lastError) {
      summary.failed += 1;
      yield { type: 'failed', entry: current, error: lastError.message, refusedForGood: onlyThisReport(lastError) };
      if (!onlyThisReport(lastError)) break;
    }
  }
  summary.waiting = (await spool.list()).length;
  yield { type: 'pushSummary', summary };
}

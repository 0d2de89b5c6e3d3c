import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, pushSpool, type PushEvent, type RetryPolicy } from '../../src/upload/push.js';
import { retryAfterMs } from '../../src/upload/retry-after.js';
import { Spool } from '../../src/upload/spool.js';
import { UploadError, type Uploader } from '../../src/upload/uploader.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 50, timeoutMs: 1000 };

async function spoolOf(count: number): Promise<Spool> {
  const spool = await Spool.open(mkdtempSync(join(tmpdir(), 'printscan-push-')));
  for (let i = 1; i <= count; i++) await spool.add(id(i), new Uint8Array([i]), new Date(Date.UTC(2026, 0, 1, 0, i)));
  return spool;
}

/** An uploader that answers from a script, one outcome per call, and records what it was given. */
function scripted(outcomes: (Error | 'ok')[], extra: Partial<Uploader> = {}): Uploader & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'scripted',
    calls,
    async upload(report) {
      calls.push(report.reportId);
      const next = outcomes.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return { detail: 'stored' };
    },
    ...extra,
  };
}

async function run(spool: Spool, uploader: Uploader, policy = FAST): Promise<PushEvent[]> {
  const events: PushEvent[] = [];
  for await (const e of pushSpool(spool, uploader, policy)) events.push(e);
  return events;
}

const retryable = (m: string, retryAfter?: number) => new UploadError(m, { retryable: true, retryAfterMs: retryAfter });
const final = (m: string, status: number) => new UploadError(m, { retryable: false, status });

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 25 Nov 2026 12:00:30 GMT', 30_000],
    ['Wed, 25 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

describe('backoff', () => {
  const policy = { attempts: 9, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 1 };
  it.each([
    [1, 1000],
    [2, 2000],
    [4, 8000],
    [8, 60_000],
  ])('attempt %i waits at most %i ms, and at random below it', (attempt, bound) => {
    expect(backoffDelay(policy, attempt, () => 0.999999)).toBe(bound);
    expect(backoffDelay(policy, attempt, () => 0)).toBe(0);
    expect(backoffDelay(policy, attempt, () => 0.5)).toBe(bound / 2);
  });
});

describe('pushing the spool', () => {
  it('sends oldest first and empties the spool', async () => {
    const spool = await spoolOf(3);
    const uploader = scripted([]);
    const events = await run(spool, uploader);
    expect(uploader.calls).toEqual([id(1), id(2), id(3)]);
    expect(events.at(-1)).toEqual({ type: 'pushSummary', summary: { sent: 3, failed: 0, waiting: 0, bytesSent: 3 } });
    expect(await spool.list()).toEqual([]);
  });

  it('retries network errors and 5xx, then succeeds: sent once, nothing left', async () => {
    const spool = await spoolOf(1);
    const uploader = scripted([retryable('ECONNRESET'), retryable('503')]);
    const events = await run(spool, uploader);
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying', 'sent', 'pushSummary']);
    expect(uploader.calls).toEqual([id(1), id(1), id(1)]);
    expect(await spool.list()).toEqual([]);
  });

  it('waits at least what Retry-After asks', async () => {
    const spool = await spoolOf(1);
    const events = await run(spool, scripted([retryable('429', 40)]));
    expect(events[0]).toMatchObject({ type: 'retrying', delayMs: 40 });
  });

  it('gives up for this push when Retry-After is beyond the longest wait, keeping the report', async () => {
    const spool = await spoolOf(1);
    const events = await run(spool, scripted([retryable('429', 3_600_000)]));
    expect(events.map((e) => e.type)).toEqual(['failed', 'pushSummary']);
    expect(await spool.list()).toMatchObject([{ reportId: id(1), attempts: 1, lastError: '429' }]);
  });

  it('stops at once on 401 and keeps every report, with the reason', async () => {
    const spool = await spoolOf(2);
    const uploader = scripted([final('401 unknown token', 401)]);
    const events = await run(spool, uploader);
    expect(uploader.calls).toEqual([id(1)]);
    expect(events.at(-1)).toMatchObject({ summary: { sent: 0, failed: 1, waiting: 2 } });
    expect((await spool.list())[0]).toMatchObject({ attempts: 1, lastError: '401 unknown token' });
  });

  it('a report the server cannot read (422) does not hold back the next one', async () => {
    const spool = await spoolOf(2);
    const uploader = scripted([final('422 cannot decrypt', 422)]);
    await run(spool, uploader);
    expect(uploader.calls).toEqual([id(1), id(2)]);
    expect((await spool.list()).map((e) => e.reportId)).toEqual([id(1)]);
  });

  it('after the last try the report stays, and the push moves no further', async () => {
    const spool = await spoolOf(2);
    const uploader = scripted(Array.from({ length: 10 }, () => retryable('ECONNREFUSED')));
    const events = await run(spool, uploader);
    expect(uploader.calls).toEqual([id(1), id(1), id(1), id(1)]);
    expect(events.at(-1)).toMatchObject({ summary: { sent: 0, failed: 1, waiting: 2 } });
  });

  it('a try that outlives the timeout is abandoned and counted as retryable', async () => {
    const spool = await spoolOf(1);
    let calls = 0;
    const slowThenFast: Uploader = {
      name: 'slow',
      upload: (_r, { signal }) =>
        ++calls === 1
          ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
          : Promise.resolve({ detail: 'ok' }),
    };
    const events = await run(spool, slowThenFast, { ...FAST, timeoutMs: 30 });
    expect(events.map((e) => e.type)).toEqual(['retrying', 'sent', 'pushSummary']);
    expect(events[0]).toMatchObject({ error: 'no answer within 30 ms' });
  });

  it('an uploader limited to one report per push leaves the rest waiting', async () => {
    const spool = await spoolOf(3);
    const uploader = scripted([], { maxPerPush: 1 });
    await run(spool, uploader);
    expect(uploader.calls).toEqual([id(1)]);
    expect(await spool.list()).toHaveLength(2);
  });
});

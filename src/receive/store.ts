import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PrintscanError } from '../errors.js';
import { syncDir, writeFileAtomic } from '../fs/atomic-write.js';
import { sealedFileName } from '../report/seal.js';
import type { SentReport } from '../report/types.js';

export const REPORTS_NDJSON = 'reports.ndjson';

/** The reportIds already in the NDJSON file, and how many bytes of it end in a newline. */
async function readAppended(path: string): Promise<{ ids: Set<string>; wholeBytes: number }> {
  const ids = new Set<string>();
  let wholeBytes = 0;
  let lineNo = 0;
  let partial: Buffer[] = [];
  const take = (line: string) => {
    lineNo++;
    if (line.trim() === '') return;
    let reportId: unknown;
    try {
      reportId = (JSON.parse(line) as { reportId?: unknown }).reportId;
    } catch {
      reportId = undefined;
    }
    if (typeof reportId !== 'string') throw new PrintscanError('badStore', `${path}:${lineNo} is not a report line; fix or move the file before starting`);
    ids.add(reportId);
  };
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const line = Buffer.concat([...partial, chunk.subarray(start, nl)]);
        partial = [];
        wholeBytes += line.length + 1;
        take(line.toString('utf8'));
        start = nl + 1;
      }
      if (start < chunk.length) partial.push(chunk.subarray(start));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ids, wholeBytes: 0 };
    throw e;
  }
  return { ids, wholeBytes };
}

/**
 * The receiver's durable storage under one data directory: sealed bodies as received, rejected
 * bodies for forensics, and reports.ndjson with each accepted report exactly once.
 */
export class ReportStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dataDir: string,
    private readonly ndjson: FileHandle,
    private readonly appended: Set<string>,
    private size: number,
  ) {}

  /**
   * Learns which reports were appended before the last stop. A last line without its newline was
   * torn by a crash before its report was acknowledged, so it is cut off: the collector's retry
   * appends it again, whole.
   */
  static async open(dataDir: string): Promise<ReportStore> {
    const path = join(dataDir, REPORTS_NDJSON);
    const { ids, wholeBytes } = await readAppended(path);
    await truncate(path, wholeBytes).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    const handle = await open(path, 'a', 0o600);
    await syncDir(dataDir);
    return new ReportStore(dataDir, handle, ids, wholeBytes);
  }

  has(reportId: string): boolean {
    return this.appended.has(reportId);
  }

  /** The sealed body exactly as it arrived, so the original evidence outlives any later re-parse. */
  async saveSealed(collector: string, reportId: string, sealed: Buffer): Promise<void> {
    await writeFileAtomic(join(this.dataDir, 'reports', collector, sealedFileName(reportId)), sealed);
  }

  async saveRejected(collector: string, body: Buffer, why: { idempotencyKey: string; receivedAt: string; error: string }): Promise<void> {
    const stem = join(this.dataDir, 'rejected', collector, `${why.receivedAt.replace(/:/g, '-')}-${randomBytes(4).toString('hex')}`);
    await writeFileAtomic(`${stem}.age`, body);
    await writeFileAtomic(`${stem}.json`, JSON.stringify({ collector, ...why }, null, 2) + '\n');
  }

  /**
   * Appends the report as one line and fsyncs, unless its reportId is already there (false).
   * Appends run one at a time, so lines never interleave and the check cannot race.
   */
  append(report: SentReport): Promise<boolean> {
    const run = this.queue.then(async () => {
      if (this.appended.has(report.reportId)) return false;
      const line = Buffer.from(JSON.stringify(report) + '\n', 'utf8');
      try {
        await this.ndjson.write(line);
        await this.ndjson.datasync();
      } catch (e) {
        // A partial line would glue itself to the next one: put the file back as it was.
        await this.ndjson.truncate(this.size).catch(() => undefined);
        throw e;
      }
      this.size += line.length;
      this.appended.add(report.reportId);
      return true;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.ndjson.close();
  }
}

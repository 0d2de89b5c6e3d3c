import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';

export const MAX_IDEMPOTENCY_KEY = 200;
/**
 * Answers kept this long. Older ones go at start: a report retried later still lands once,
 * because the store appends each reportId once; it is then answered as already stored.
 */
export const IDEMPOTENCY_KEEP_MS = 90 * 24 * 3600 * 1000;

/** The answer given the first time, given again to every retry with the same key. */
export interface StoredAnswer {
  status: number;
  body: object;
}

/**
 * Answers remembered per (collector, Idempotency-Key), one file each under `dir`, named by a hash
 * so that any key is a safe file name and one collector's keys never collide with another's.
 */
export class IdempotencyStore {
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  private id(collector: string, key: string): string {
    return createHash('sha256').update(`${collector}\0${key}`, 'utf8').digest('hex');
  }

  async get(collector: string, key: string): Promise<StoredAnswer | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.dir, `${this.id(collector, key)}.json`), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const { status, body } = JSON.parse(text) as StoredAnswer;
    return { status, body };
  }

  /** Forgets answers older than `keepMs`; returns how many. */
  async prune(keepMs = IDEMPOTENCY_KEEP_MS, now = Date.now()): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > keepMs) {
        await rm(join(this.dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }

  async put(collector: string, key: string, answer: StoredAnswer): Promise<void> {
    await writeFileAtomic(join(this.dir, `${this.id(collector, key)}.json`), JSON.stringify({ collector, key, ...answer }) + '\n');
  }

  /** Runs `fn` after every earlier call with the same collector and key has finished: concurrent retries see one answer. */
  exclusive<T>(collector: string, key: string, fn: () => Promise<T>): Promise<T> {
    const id = this.id(collector, key);
    const run = (this.locks.get(id) ?? Promise.resolve()).then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }
}

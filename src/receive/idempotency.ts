import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../inventory/atomic-write.js';

export const MAX_IDEMPOTENCY_KEY = 200;

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

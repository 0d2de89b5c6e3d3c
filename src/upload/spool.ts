import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { removeDeadTemporaries, syncDir, writeFileAtomic } from '../fs/atomic-write.js';
import { SPOOL_DIR } from '../inventory/state-dir.js';
import { SEALED_SUFFIX } from '../report/seal.js';

export interface SpoolLimits {
  maxReports: number;
  maxBytes: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxReports: 500, maxBytes: 64 * 1024 * 1024 };

/** One sealed report waiting for its acknowledgement, with what went wrong so far. */
export interface SpoolEntry {
  /** file name without the sealed suffix: sorts oldest first */
  name: string;
  reportId: string;
  createdAt: string;
  bytes: number;
  attempts: number;
  lastAttemptAt?: string;
  lastError?: string;
}

interface Attempts {
  attempts: number;
  lastAttemptAt?: string;
  lastError?: string;
}

const ATTEMPTS_SUFFIX = '.attempts.json';

/** 2026-11-25T22:10:50.123Z → 20261125T221050123Z: a file name that sorts by time on every platform. */
const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');
const unstamp = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
const ENTRY_NAME = /^(\d{8}T\d{9}Z)-(\d{4})-([0-9a-f-]{36})$/;

/**
 * Sealed reports on disk until a server acknowledges them. Each file is written whole
 * (temporary name, fsync, rename), so a kill at any moment leaves the old state or the new.
 */
export class Spool {
  private constructor(
    readonly dir: string,
    readonly limits: SpoolLimits,
  ) {}

  static async open(stateDir: string, limits: SpoolLimits = DEFAULT_SPOOL_LIMITS): Promise<Spool> {
    const spool = new Spool(join(stateDir, SPOOL_DIR), limits);
    await spool.removeStaleTemporaries();
    return spool;
  }

  /** Oldest first. */
  async list(): Promise<SpoolEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const entries: SpoolEntry[] = [];
    for (const file of names.filter((n) => n.endsWith(SEALED_SUFFIX) && !n.startsWith('.')).sort()) {
      const name = file.slice(0, -SEALED_SUFFIX.length);
      const m = ENTRY_NAME.exec(name);
      if (!m) continue;
      const bytes = (await stat(join(this.dir, file)).catch(() => undefined))?.size;
      if (bytes === undefined) continue;
      entries.push({ name, reportId: m[3], createdAt: unstamp(m[1]), bytes, ...(await this.attemptsOf(name)) });
    }
    return entries;
  }

  /**
   * Adds a sealed report; when that passes a limit, the oldest reports are dropped and returned
   * so the caller can say so loudly. The report just added is never the one dropped.
   */
  async add(reportId: string, sealed: Uint8Array, createdAt = new Date()): Promise<{ entry: SpoolEntry; dropped: SpoolEntry[] }> {
    const before = await this.list();
    const sequence = String(before.length % 10_000).padStart(4, '0');
    const name = `${stamp(createdAt)}-${sequence}-${reportId}`;
    await writeFileAtomic(join(this.dir, name + SEALED_SUFFIX), Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength));
    const entry: SpoolEntry = { name, reportId, createdAt: createdAt.toISOString(), bytes: sealed.byteLength, attempts: 0 };
    const dropped: SpoolEntry[] = [];
    const kept = [...before];
    let bytes = kept.reduce((sum, e) => sum + e.bytes, 0) + entry.bytes;
    while (kept.length > 0 && (kept.length + 1 > this.limits.maxReports || bytes > this.limits.maxBytes)) {
      const oldest = kept.shift()!;
      await this.remove(oldest);
      bytes -= oldest.bytes;
      dropped.push(oldest);
    }
    return { entry, dropped };
  }

  async read(entry: SpoolEntry): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.dir, entry.name + SEALED_SUFFIX)));
  }

  async recordFailure(entry: SpoolEntry, error: string, at = new Date()): Promise<SpoolEntry> {
    const attempts: Attempts = { attempts: entry.attempts + 1, lastAttemptAt: at.toISOString(), lastError: error };
    await writeFileAtomic(join(this.dir, entry.name + ATTEMPTS_SUFFIX), JSON.stringify(attempts) + '\n');
    return { ...entry, ...attempts };
  }

  /** The report itself goes first: a kill in between leaves an orphan attempts file, never a report without its history. */
  async remove(entry: SpoolEntry): Promise<void> {
    await rm(join(this.dir, entry.name + SEALED_SUFFIX), { force: true });
    await rm(join(this.dir, entry.name + ATTEMPTS_SUFFIX), { force: true });
    await syncDir(this.dir);
  }

  private async attemptsOf(name: string): Promise<Attempts> {
    try {
      const data = JSON.parse(await readFile(join(this.dir, name + ATTEMPTS_SUFFIX), 'utf8')) as Attempts;
      return typeof data.attempts === 'number' ? data : { attempts: 0 };
    } catch {
      return { attempts: 0 };
    }
  }

  /** A kill during a write leaves a temporary behind, and a kill during a removal an attempts file. */
  private async removeStaleTemporaries(): Promise<void> {
    await removeDeadTemporaries(this.dir);
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const n of names.filter((n) => n.endsWith(ATTEMPTS_SUFFIX))) {
      if (!names.includes(n.slice(0, -ATTEMPTS_SUFFIX.length) + SEALED_SUFFIX)) await rm(join(this.dir, n), { force: true });
    }
  }
}

import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { Uploader } from './uploader.js';

/**
 * The destination exists as a directory, or is created now (one level, not a whole path): a
 * --dest that cannot be a directory fails before anything is sealed. Node's recursive mkdir
 * never returns on some paths (under /proc), so it is not used here.
 */
export async function prepareDest(dest: string): Promise<void> {
  const dir = resolve(dest);
  let found: Stats | undefined;
  try {
    found = await stat(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UsageError(`--dest "${dest}" cannot be used: ${code ?? (e as Error).message}`);
  }
  if (found && !found.isDirectory()) throw new UsageError(`--dest "${dest}" is not a directory`);
  if (!found) {
    await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--dest "${dest}" cannot be created: ${e.code ?? e.message}`, 'name a directory that exists, or one whose parent does');
    });
  }
}

/** Writes each sealed report as `DIR/<reportId>.json.gz.age`, whole or not at all. */
export function fileUploader(dest: string): Uploader {
  const dir = resolve(dest);
  return {
    name: 'file',
    async upload(report) {
      const path = join(dir, report.fileName);
      await writeFileAtomic(path, Buffer.from(report.body.buffer, report.body.byteOffset, report.body.byteLength));
      return { detail: path };
    },
  };
}

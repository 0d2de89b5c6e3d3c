import { link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pausePoint } from './pause-point.js';
import { processAlive } from './state-lock.js';

/**
 * Where a file is written before it takes its name: hidden, unique, recognisable when a kill
 * leaves it behind, and naming its writer so that a later run can tell a dead writer's leftover
 * from a write in progress.
 */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

const WRITER = /\.(\d+)-[0-9a-f]{12}\.tmp$/;
/** A temporary without a writer's pid (an older printscan wrote it) is left alone this long. */
const UNOWNED_TEMP_MS = 60 * 60 * 1000;

/** Removes the temporaries in `dir` that a killed writer left; one still being written is let be. */
export async function removeDeadTemporaries(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(isTemporaryName)) {
    const writer = WRITER.exec(name);
    if (writer && processAlive(Number(writer[1]))) continue;
    if (!writer) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < UNOWNED_TEMP_MS) continue;
    }
    await rm(join(dir, name), { force: true });
  }
}

/** Makes a rename, link or removal in `dir` durable; file systems that cannot sync a directory are let be. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

/** Writes `data` whole to a new temporary beside `path` and returns its name. */
async function writeTemporary(path: string, data: string | Buffer): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = temporaryPathFor(path);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await pausePoint('temporary-written');
  return tmp;
}

/** Writes a file so that a crash at any moment leaves the old content or the new, never a torn mix. */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = await writeTemporary(path, data);
  await rename(tmp, path);
  await syncDir(dirname(path));
}

/**
 * Writes `data` under two names, `first` before `then`: a kill at any moment leaves `then` old
 * or new, and the new content already under `first` whenever `then` has it. Both names are
 * links to one file written whole; where the file system has no hard links, `first` is written
 * as a copy.
 */
export async function writeFileAtomicTwice(first: string, then: string, data: string | Buffer): Promise<void> {
  const tmp = await writeTemporary(then, data);
  try {
    await mkdir(dirname(first), { recursive: true });
    await link(tmp, first).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPERM' && e.code !== 'ENOTSUP' && e.code !== 'EXDEV') throw e;
      await writeFileAtomic(first, data);
    });
    await syncDir(dirname(first));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await pausePoint('report-pending');
  await rename(tmp, then);
  await syncDir(dirname(then));
}

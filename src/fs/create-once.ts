import { link, mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDir, temporaryPathFor } from './atomic-write.js';

/**
 * Writes a secret file only if none exists yet (mode 0600). The content is complete on disk before
 * the name appears (temp file + fsync + link), so two processes starting at once, or a crash
 * mid-write, never leave a torn key behind, and an existing key is never replaced.
 * Returns false when the file already existed.
 */
export async function createFileOnce(path: string, data: string): Promise<boolean> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = temporaryPathFor(path);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await link(tmp, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await rm(tmp, { force: true });
  }
  await syncDir(dir);
  return true;
}

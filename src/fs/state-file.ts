import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/** A small JSON document of the state directory; one missing or unreadable reads as empty. */
export async function readStateFile<T extends object>(stateDir: string, name: string): Promise<Partial<T>> {
  try {
    const data: unknown = JSON.parse(await readFile(join(stateDir, name), 'utf8'));
    return typeof data === 'object' && data !== null ? (data as Partial<T>) : {};
  } catch {
    return {};
  }
}

/** Changes some keys of such a document, written whole (atomically). */
export async function updateStateFile<T extends object>(stateDir: string, name: string, change: Partial<T>): Promise<void> {
  const document = { ...(await readStateFile<T>(stateDir, name)), ...change };
  await writeFileAtomic(join(stateDir, name), JSON.stringify(document, null, 2) + '\n');
}

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname, platform } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../inventory/atomic-write.js';
import type { CollectorInfo } from './types.js';

const COLLECTOR_FILE = 'collector.json';

/** Who made a report: an id made once per state directory, so a server can tell installations apart. */
export async function collectorInfo(stateDir: string, version: string): Promise<CollectorInfo> {
  const path = join(stateDir, COLLECTOR_FILE);
  let id: string | undefined;
  try {
    id = (JSON.parse(await readFile(path, 'utf8')) as { id?: unknown }).id as string | undefined;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || id === '') {
    id = randomUUID();
    await writeFileAtomic(path, JSON.stringify({ id }) + '\n');
  }
  return { id, version, hostname: hostname(), platform: platform() };
}

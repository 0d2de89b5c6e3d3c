import { randomUUID } from 'node:crypto';
import { hostname, platform } from 'node:os';
import { readStateFile, updateStateFile } from '../fs/state-file.js';
import type { CollectorInfo } from './types.js';

const COLLECTOR_FILE = 'collector.json';

/** Who made a report: an id made once per state directory, so a server can tell installations apart. */
export async function collectorInfo(stateDir: string, version: string): Promise<CollectorInfo> {
  const stored = (await readStateFile<{ id: unknown }>(stateDir, COLLECTOR_FILE)).id;
  const id = typeof stored === 'string' && stored !== '' ? stored : randomUUID();
  if (id !== stored) await updateStateFile(stateDir, COLLECTOR_FILE, { id });
  return { id, version, hostname: hostname(), platform: platform() };
}

import { join } from 'node:path';
import type { DeviceRecord } from '../collect/types.js';
import type { HostProblem } from '../discover/types.js';
import { writeFileAtomic } from './atomic-write.js';

export const LATEST_REPORT_FILE = 'latest-report.json';

export interface LatestReport {
  schemaVersion: 1;
  generatedAt: string;
  devices: DeviceRecord[];
  problems: HostProblem[];
}

/** The last scan or collect, whole, beside the inventory: what a later push or a support case reads. */
export async function writeLatestReport(stateDir: string, devices: DeviceRecord[], problems: HostProblem[]): Promise<string> {
  const path = join(stateDir, LATEST_REPORT_FILE);
  const report: LatestReport = { schemaVersion: 1, generatedAt: new Date().toISOString(), devices, problems };
  await writeFileAtomic(path, JSON.stringify(report, null, 2) + '\n');
  return path;
}

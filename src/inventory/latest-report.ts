import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { writeFileAtomic } from './atomic-write.js';

export const LATEST_REPORT_FILE = 'latest-report.json';

/** The last scan or collect, whole, beside the inventory: what a later push seals and sends. */
export async function writeLatestReport(stateDir: string, report: Report): Promise<string> {
  const path = join(stateDir, LATEST_REPORT_FILE);
  await writeFileAtomic(path, JSON.stringify(report, null, 2) + '\n');
  return path;
}

export async function readLatestReport(stateDir: string): Promise<Report | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, LATEST_REPORT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return validateReport(JSON.parse(text));
}

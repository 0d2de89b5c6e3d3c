import { profileFor } from '../collect/run.js';
import type { ReadHints } from '../collect/read-hints.js';
import type { DeviceRecord } from '../collect/types.js';
import { now } from '../clock.js';
import { recordHistory } from '../inventory/history.js';
import { writeLatestReport } from '../inventory/latest-report.js';
import { Inventory } from '../inventory/store.js';
import type { Profile } from '../profiles/types.js';
import type { Report } from '../report/types.js';

/** Inventory first (found devices, fields read once), then the meter history, then the latest report; each written atomically. */
export async function saveCollected(stateDir: string, report: Report, profiles: Profile[], discovered: boolean, hints: ReadonlyMap<DeviceRecord, ReadHints>): Promise<void> {
  const inventory = await Inventory.open(stateDir);
  if (discovered) inventory.merge(report.devices);
  inventory.recordCollected(report.devices, (record) => {
    const fields = profileFor(record, profiles).fields;
    return Object.keys(fields).filter((name) => fields[name].read === 'discover');
  }, hints);
  await inventory.save();
  await recordHistory(stateDir, report.devices, now());
  await writeLatestReport(stateDir, report);
}

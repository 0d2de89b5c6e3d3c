import { profileFor } from '../collect/collect-fleet.js';
import type { ReadHints } from '../collect/read-hints.js';
import type { DeviceRecord } from '../collect/types.js';
import { now } from '../clock.js';
import type { Emit } from '../events.js';
import { recordHistory } from '../inventory/history.js';
import { keepReport, type PendingLimits } from '../inventory/latest-report.js';
import { Inventory } from '../inventory/store.js';
import type { Profile } from '../profiles/types.js';
import type { Report } from '../report/types.js';

/**
 * The report first, kept pending and made the latest in one step, so nothing after it can lose
 * it; then the inventory (found devices, fields read once) and the meter history, each written
 * atomically. Returns true when older reports waiting to be sealed had to be let go.
 */
export async function saveCollected(
  stateDir: string,
  report: Report,
  /** given when the run pushes: its report is kept pending until sealed */
  limits: PendingLimits | undefined,
  profiles: Profile[],
  discovered: boolean,
  hints: ReadonlyMap<DeviceRecord, ReadHints>,
  emit: Emit,
): Promise<boolean> {
  const letGo = await keepReport(stateDir, report, limits);
  for (const d of letGo) emit({ type: 'dropped', reportId: d.reportId, madeAt: d.keptAt, reason: 'tooManyPending' });
  const inventory = await Inventory.open(stateDir);
  if (discovered) inventory.merge(report.devices);
  inventory.recordCollected(report.devices, (record) => {
    const fields = profileFor(record, profiles).fields;
    return Object.keys(fields).filter((name) => fields[name].read === 'discover');
  }, hints);
  await inventory.save();
  await recordHistory(stateDir, report.devices, now());
  return letGo.length > 0;
}

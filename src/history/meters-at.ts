import type { DeviceHistory } from '../inventory/history.js';
import { metersIn } from './usage.js';

export interface MeterRead {
  key: string;
  ip: string;
  vendor?: string;
  model?: string;
  serialNumber?: string;
  location?: string;
  /** when the chosen read was taken */
  readAt: string;
  meters: Record<string, number>;
}

/** For every device, the read closest to `at` (before or after): what a billing system imports. */
export function metersAt(histories: readonly DeviceHistory[], at: Date): { meters: string[]; reads: MeterRead[] } {
  const reads = histories.flatMap((h) => {
    // A device without page meters is still listed, with empty meter cells: a billing import
    // should see it rather than miss it.
    const withMeters = h.reads.filter((r) => Object.keys(r.meters).length > 0);
    const candidates = withMeters.length > 0 ? withMeters : h.reads;
    if (candidates.length === 0) return [];
    const closest = candidates.reduce((best, r) => (Math.abs(Date.parse(r.at) - at.getTime()) < Math.abs(Date.parse(best.at) - at.getTime()) ? r : best));
    return [{ key: h.key, ip: h.ip, vendor: h.vendor, model: h.model, serialNumber: h.serialNumber, location: h.location, readAt: closest.at, meters: closest.meters }];
  });
  return { meters: metersIn(reads.map((r) => ({ at: r.readAt, meters: r.meters, supplies: [] }))), reads: reads.sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true })) };
}

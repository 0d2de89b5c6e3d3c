/**
 * A simulated device "printing" over simulated days: its page meters rise at a set rate, its
 * supply levels drain, an empty cartridge is swapped for a full one, and the meters may be reset
 * (a replaced board). Meters are the OIDs the device's own profile reads them from, so the
 * collector sees them move exactly as it would on the real model.
 */
import { matchProfile } from '../profiles/fingerprint.js';
import type { FieldSource, Profile } from '../profiles/types.js';
import { Tag, type Varbind } from '../snmp/types.js';
import type { MibView } from '../snmp/mib-view.js';

export interface PrintingPlan {
  /** total pages a day; every meter of the device rises in proportion to its recorded value */
  pagesPerDay: number;
  /** percent of each supply used a day; at 0 the cartridge is swapped for a full one the next day */
  drainPercentPerDay: number;
  /** from this day on the meters count again from zero (a replaced controller board) */
  resetOnDay?: number;
}

const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SUPPLY_MAX = '1.3.6.1.2.1.43.11.1.1.8.';
const SUPPLY_LEVEL = '1.3.6.1.2.1.43.11.1.1.9.';
const NUMERIC = new Set<number>([Tag.Integer, Tag.Counter32, Tag.Gauge32, Tag.Counter64]);

function oidsOf(source: FieldSource): string[] {
  if ('oid' in source) return [source.oid];
  if ('sum' in source) return source.sum.flatMap(oidsOf);
  return [];
}

function numeric(vb: Varbind | undefined): number | undefined {
  if (!vb || !NUMERIC.has(vb.tag)) return undefined;
  return typeof vb.value === 'bigint' ? Number(vb.value) : typeof vb.value === 'number' ? vb.value : undefined;
}

interface Level {
  oid: string;
  start: number;
  max: number;
}

export class PrintingDevice {
  private readonly meters = new Map<string, { start: number; tag: number }>();
  private readonly levels: Level[] = [];
  private readonly total: number;

  constructor(
    private readonly view: MibView,
    profiles: readonly Profile[],
    private readonly plan: PrintingPlan,
  ) {
    const text = (oid: string) => {
      const v = view.get(oid)?.value;
      return Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'string' ? v : '';
    };
    const profile = matchProfile(profiles, text(SYS_OBJECT_ID), text(SYS_DESCR));
    for (const [name, field] of Object.entries(profile?.fields ?? {})) {
      if (!name.startsWith('meters.')) continue;
      for (const oid of field.sources.flatMap((s) => oidsOf(s.source))) {
        const vb = view.get(oid);
        const start = numeric(vb);
        if (vb && start !== undefined && start > 0) this.meters.set(oid, { start, tag: vb.tag });
      }
    }
    this.total = Math.max(1, ...[...this.meters.values()].map((m) => m.start));
    for (let oid = view.next(SUPPLY_LEVEL); oid && oid.oid.startsWith(SUPPLY_LEVEL); oid = view.next(oid.oid)) {
      const start = numeric(oid);
      const max = numeric(view.get(SUPPLY_MAX + oid.oid.slice(SUPPLY_LEVEL.length)));
      if (start !== undefined && start >= 0 && max !== undefined && max > 0) this.levels.push({ oid: oid.oid, start, max });
    }
  }

  /** Sets every meter and level to what `day` days of printing make of the recording. */
  setDay(day: number): void {
    const reset = this.plan.resetOnDay !== undefined && day >= this.plan.resetOnDay;
    const printedDays = reset ? day - this.plan.resetOnDay! : day;
    for (const [oid, m] of this.meters) {
      // the largest meter (the total) rises by pagesPerDay; the others keep their share of it
      const grown = Math.round((m.start * this.plan.pagesPerDay * printedDays) / this.total);
      const value = (reset ? 0 : m.start) + grown;
      this.view.set(oid, m.tag === Tag.Counter64 ? BigInt(value) : value);
    }
    for (const level of this.levels) {
      const startPercent = (level.start / level.max) * 100;
      // a cartridge lasts 100 / drain days; the first one starts where the recording stood
      const used = day * this.plan.drainPercentPerDay;
      const percent = used <= startPercent ? startPercent - used : 100 - ((used - startPercent) % 100);
      this.view.set(level.oid, Math.max(0, Math.round((percent / 100) * level.max)));
    }
  }
}

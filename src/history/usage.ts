import { DAY_MS, type HistoryRead } from '../inventory/history.js';

/** The average month, so that per-month figures from any window compare. */
export const DAYS_PER_MONTH = 30.4375;

export interface MeterUsage {
  meter: string;
  pagesPerDay: number;
  pagesPerMonth: number;
  /** pages counted over the window */
  pages: number;
  /** days the counted intervals span */
  days: number;
  /** reads that took part */
  reads: number;
  /** times the meter went backwards (reset, board replaced, 32-bit wrap): each starts a new segment */
  resets: number;
}

/**
 * Pages a meter counted between `from` and `to`, from consecutive reads in that window and the last
 * read before it. A meter that went backwards starts a new segment: the interval across the drop
 * counts neither pages nor days, so a reset never shows as negative (or invented) usage.
 * Undefined when fewer than two reads, or no time, lie behind the figure.
 */
export function meterUsage(reads: readonly HistoryRead[], meter: string, from: Date, to: Date): MeterUsage | undefined {
  const points = pointsOf(reads, meter, from, to);
  let pages = 0;
  let ms = 0;
  let resets = 0;
  const used = new Set<number>();
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (b.value < a.value) {
      resets++;
      continue;
    }
    pages += b.value - a.value;
    ms += b.at - a.at;
    used.add(i - 1).add(i);
  }
  if (ms <= 0) return undefined;
  const days = ms / DAY_MS;
  const pagesPerDay = pages / days;
  return { meter, pagesPerDay, pagesPerMonth: pagesPerDay * DAYS_PER_MONTH, pages, days, reads: used.size, resets };
}

/** The meter's reads in the window, with the last one before it as the starting point. */
function pointsOf(reads: readonly HistoryRead[], meter: string, from: Date, to: Date): { at: number; value: number }[] {
  const all = reads
    .map((r) => ({ at: Date.parse(r.at), value: r.meters[meter] }))
    .filter((p): p is { at: number; value: number } => typeof p.value === 'number' && Number.isFinite(p.value) && p.at <= to.getTime())
    .sort((a, b) => a.at - b.at);
  const first = all.findIndex((p) => p.at >= from.getTime());
  if (first < 0) return [];
  return all.slice(Math.max(0, first - 1));
}

/** Every meter any read in the window carries, in the order people read them. */
export function metersIn(reads: readonly HistoryRead[]): string[] {
  const names = new Set(reads.flatMap((r) => Object.keys(r.meters)));
  return [...names].sort((a, b) => meterRank(a) - meterRank(b) || a.localeCompare(b));
}

const ORDER = ['total', 'mono', 'color', 'print', 'copy', 'fax', 'scan'];

function meterRank(name: string): number {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

/** Pages per day bucket (UTC days) of one meter, for a small chart; days without two reads are absent. */
export function dailyPages(reads: readonly HistoryRead[], meter: string, from: Date, to: Date): { day: string; pages: number }[] {
  const byDay = new Map<string, number>();
  const points = pointsOf(reads, meter, from, to);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (b.value < a.value) continue;
    const day = new Date(b.at).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + b.value - a.value);
  }
  return [...byDay].map(([day, pages]) => ({ day, pages }));
}

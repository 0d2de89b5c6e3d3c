import { DAY_MS, type HistoryRead } from '../inventory/history.js';

/** a rise of more than this many points is a new cartridge: the fit starts after it */
const REFILL_POINTS = 5;
const MIN_POINTS = 3;
const MIN_SPAN_DAYS = 2;
/** the fit looks this far back from the latest read */
const FIT_DAYS = 60;
/** slower than this (percent a day) is no trend worth a date */
const MIN_DRAIN = 0.01;

export interface SupplyForecast {
  key: string;
  description?: string;
  color?: string;
  type: string;
  percent: number | null;
  state: string;
  /** percent lost a day, from a least-squares fit over the levels since the last refill */
  drainPerDay?: number;
  daysLeft?: number;
  emptyOn?: string;
  /** reads behind the fit */
  points: number;
}

/**
 * Days until each supply is empty, where enough history says so: at least three known levels
 * over two days since the last refill, falling. A supply whose level is unknown, or that does
 * not fall, gets no date.
 */
export function forecastSupplies(reads: readonly HistoryRead[]): SupplyForecast[] {
  const latest = reads.at(-1);
  if (!latest) return [];
  return latest.supplies.map((supply) => {
    const base: SupplyForecast = { key: supply.key, description: supply.description, color: supply.color, type: supply.type, percent: supply.percent, state: supply.state, points: 0 };
    if (supply.percent === null) return base;
    const series = sinceRefill(levelsOf(reads, supply.key));
    const fit = linearFit(series);
    if (!fit) return { ...base, points: series.length };
    const drain = -fit.slope * DAY_MS;
    if (drain < MIN_DRAIN) return { ...base, drainPerDay: Math.max(0, drain), points: series.length };
    const daysLeft = supply.percent / drain;
    const lastAt = Date.parse(latest.at);
    return { ...base, drainPerDay: drain, daysLeft, emptyOn: new Date(lastAt + daysLeft * DAY_MS).toISOString().slice(0, 10), points: series.length };
  });
}

function levelsOf(reads: readonly HistoryRead[], key: string): { at: number; percent: number }[] {
  const latestAt = Date.parse(reads.at(-1)!.at);
  const out: { at: number; percent: number }[] = [];
  for (const read of reads) {
    const at = Date.parse(read.at);
    const s = read.supplies.find((x) => x.key === key);
    if (s && s.percent !== null && latestAt - at <= FIT_DAYS * DAY_MS) out.push({ at, percent: s.percent });
  }
  return out;
}

function sinceRefill(series: { at: number; percent: number }[]): { at: number; percent: number }[] {
  let start = 0;
  for (let i = 1; i < series.length; i++) if (series[i].percent - series[i - 1].percent > REFILL_POINTS) start = i;
  return series.slice(start);
}

/** Least squares of percent over time (ms); none below three points or two days. */
export function linearFit(series: readonly { at: number; percent: number }[]): { slope: number; intercept: number } | undefined {
  if (series.length < MIN_POINTS) return undefined;
  if ((series.at(-1)!.at - series[0].at) / DAY_MS < MIN_SPAN_DAYS) return undefined;
  const t0 = series[0].at;
  const n = series.length;
  const mx = series.reduce((s, p) => s + (p.at - t0), 0) / n;
  const my = series.reduce((s, p) => s + p.percent, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of series) {
    sxy += (p.at - t0 - mx) * (p.percent - my);
    sxx += (p.at - t0 - mx) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * (mx + t0) };
}

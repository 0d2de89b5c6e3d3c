import { DAY_MS, type DeviceHistory } from '../inventory/history.js';
import { forecastSupplies, type SupplyForecast } from './forecast.js';
import { dailyPages, meterUsage, metersIn, type MeterUsage } from './usage.js';

/** a supply this close to empty is listed among what needs attention */
export const SOON_EMPTY_DAYS = 14;

export interface FigureOptions {
  now: Date;
  /** the window the volumes are measured over */
  sinceDays: number;
  /** a device whose latest read is older than this is silent */
  silentDays: number;
}

/** Who the device is (as of its latest read), and its figures over the window. */
export interface DeviceFigures extends Omit<DeviceHistory, 'reads'> {
  lastRead: string;
  daysSinceRead: number;
  usage: MeterUsage[];
  /** total pages a month over the window */
  monthlyVolume?: number;
  /** colour pages as a share (0–1) of mono + colour over the window */
  colorShare?: number;
  supplies: SupplyForecast[];
  /** total pages per day, for the volume chart */
  daily: { day: string; pages: number }[];
}

export type AttentionReason = 'empty' | 'soonEmpty' | 'low' | 'error' | 'silent';

export interface AttentionItem {
  key: string;
  ip: string;
  model?: string;
  reason: AttentionReason;
  detail: string;
}

export interface FleetSummary {
  generatedAt: string;
  window: { from: string; to: string; days: number };
  devices: number;
  byKind: Record<string, number>;
  byVendor: Record<string, number>;
  monthlyVolume: number;
  colorShare?: number;
  withErrors: number;
  lowSupplies: number;
  emptySupplies: number;
  silent: number;
  silentDays: number;
}

export interface FleetFigures {
  summary: FleetSummary;
  devices: DeviceFigures[];
  attention: AttentionItem[];
}

export function deviceFigures(history: DeviceHistory, o: FigureOptions): DeviceFigures {
  const from = new Date(o.now.getTime() - o.sinceDays * DAY_MS);
  const usage = metersIn(history.reads).flatMap((m) => meterUsage(history.reads, m, from, o.now) ?? []);
  const by = (name: string) => usage.find((u) => u.meter === name);
  const total = by('total')?.pagesPerMonth ?? (by('mono') && by('color') ? by('mono')!.pagesPerMonth + by('color')!.pagesPerMonth : undefined);
  const mono = by('mono')?.pages;
  const color = by('color')?.pages;
  const lastRead = history.reads.at(-1)!.at;
  const { reads: _reads, trouble, ...who } = history;
  return {
    ...who,
    lastRead,
    daysSinceRead: (o.now.getTime() - Date.parse(lastRead)) / DAY_MS,
    usage,
    monthlyVolume: total,
    colorShare: mono !== undefined && color !== undefined && mono + color > 0 ? color / (mono + color) : undefined,
    supplies: forecastSupplies(history.reads),
    daily: dailyPages(history.reads, by('total') ? 'total' : 'mono', from, o.now),
    trouble,
  };
}

function attentionOf(d: DeviceFigures, o: FigureOptions): AttentionItem[] {
  const item = (reason: AttentionReason, detail: string): AttentionItem => ({ key: d.key, ip: d.ip, model: d.model, reason, detail });
  const out: AttentionItem[] = [];
  if (d.daysSinceRead > o.silentDays) out.push(item('silent', `not read for ${Math.floor(d.daysSinceRead)} days (last ${d.lastRead.slice(0, 10)})`));
  for (const t of d.trouble) out.push(item('error', t));
  for (const s of d.supplies) {
    const name = s.description ?? `${s.color ?? ''} ${s.type}`.trim();
    if (s.state === 'empty') out.push(item('empty', `${name} is empty`));
    else if (s.daysLeft !== undefined && s.daysLeft <= SOON_EMPTY_DAYS) out.push(item('soonEmpty', `${name} empty in about ${Math.max(1, Math.round(s.daysLeft))} days (${s.emptyOn})`));
    else if (s.state === 'low') out.push(item('low', `${name} is low${s.percent !== null ? ` (${s.percent} %)` : ''}`));
  }
  return out;
}

const RANK: Record<AttentionReason, number> = { empty: 0, error: 1, soonEmpty: 2, silent: 3, low: 4 };

function count(values: (string | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v ?? 'unknown'] = (out[v ?? 'unknown'] ?? 0) + 1;
  return out;
}

/** Per-device figures, the fleet summary and what needs attention, from the history alone. */
export function fleetFigures(histories: readonly DeviceHistory[], o: FigureOptions): FleetFigures {
  const devices = histories.map((h) => deviceFigures(h, o)).sort((a, b) => (b.monthlyVolume ?? -1) - (a.monthlyVolume ?? -1) || a.ip.localeCompare(b.ip));
  const attention = devices.flatMap((d) => attentionOf(d, o)).sort((a, b) => RANK[a.reason] - RANK[b.reason]);
  const mono = devices.reduce((s, d) => s + (d.usage.find((u) => u.meter === 'mono')?.pages ?? 0), 0);
  const color = devices.reduce((s, d) => s + (d.usage.find((u) => u.meter === 'color')?.pages ?? 0), 0);
  const supplies = devices.flatMap((d) => d.supplies);
  return {
    summary: {
      generatedAt: o.now.toISOString(),
      window: { from: new Date(o.now.getTime() - o.sinceDays * DAY_MS).toISOString(), to: o.now.toISOString(), days: o.sinceDays },
      devices: devices.length,
      byKind: count(devices.map((d) => d.kind)),
      byVendor: count(devices.map((d) => d.brand ?? d.vendor)),
      monthlyVolume: Math.round(devices.reduce((s, d) => s + (d.monthlyVolume ?? 0), 0)),
      colorShare: mono + color > 0 ? color / (mono + color) : undefined,
      withErrors: devices.filter((d) => d.trouble.length > 0).length,
      lowSupplies: supplies.filter((s) => s.state === 'low').length,
      emptySupplies: supplies.filter((s) => s.state === 'empty').length,
      silent: devices.filter((d) => d.daysSinceRead > o.silentDays).length,
      silentDays: o.silentDays,
    },
    devices,
    attention,
  };
}

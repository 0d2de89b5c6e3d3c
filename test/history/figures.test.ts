import { describe, expect, it } from 'vitest';
import { forecastSupplies, linearFit } from '../../src/history/forecast.js';
import { fleetFigures } from '../../src/history/fleet.js';
import { metersAt } from '../../src/history/meters-at.js';
import { dailyPages, meterUsage } from '../../src/history/usage.js';
import type { DeviceHistory, HistoryRead, SupplyRead } from '../../src/inventory/history.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T08:00:00Z');
const at = (day: number) => new Date(T0 + day * DAY).toISOString();
const read = (day: number, meters: Record<string, number>, supplies: SupplyRead[] = []): HistoryRead => ({ at: at(day), meters, supplies });
const toner = (percent: number | null, state: SupplyRead['state'] = 'ok'): SupplyRead => ({ key: 'toner:black:1', description: 'Black Toner', type: 'toner', color: 'black', percent, state });
const window = (fromDay: number, toDay: number) => [new Date(T0 + fromDay * DAY), new Date(T0 + toDay * DAY)] as const;

describe('pages per day and month of a meter', () => {
  it.each([
    ['steady printing', [read(0, { total: 1000 }), read(10, { total: 2000 }), read(20, { total: 3000 })], 100, 3, 0],
    ['a gap in the reads still averages over the time between them', [read(0, { total: 1000 }), read(15, { total: 2500 }), read(20, { total: 3000 })], 100, 3, 0],
    ['a reset starts a new segment: the drop counts neither pages nor days', [read(0, { total: 5000 }), read(10, { total: 6000 }), read(11, { total: 20 }), read(21, { total: 1020 })], 100, 4, 1],
    ['a 32-bit wrap is a drop like any other, never negative usage', [read(0, { total: 4294967000 }), read(5, { total: 4294967200 }), read(6, { total: 100 }), read(8, { total: 500 })], (200 + 400) / 7, 4, 1],
  ])('%s', (_what, reads, perDay, used, resets) => {
    const [from, to] = window(0, 30);
    const u = meterUsage(reads, 'total', from, to)!;
    expect(u.pagesPerDay).toBeCloseTo(perDay, 6);
    expect(u.pagesPerMonth).toBeCloseTo(perDay * 30.4375, 4);
    expect(u.reads).toBe(used);
    expect(u.resets).toBe(resets);
    expect(u.pages).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['a single read', [read(3, { total: 1000 })]],
    ['no read of that meter', [read(1, { mono: 10 }), read(2, { mono: 20 })]],
    ['only a drop', [read(1, { total: 900 }), read(2, { total: 10 })]],
  ])('no figure from %s', (_what, reads) => {
    const [from, to] = window(0, 30);
    expect(meterUsage(reads, 'total', from, to)).toBeUndefined();
  });

  it('the window starts from the last read before it and ignores reads after it', () => {
    const reads = [read(0, { total: 0 }), read(10, { total: 1000 }), read(20, { total: 3000 }), read(40, { total: 100000 })];
    const [from, to] = window(15, 30);
    expect(meterUsage(reads, 'total', from, to)).toMatchObject({ pages: 2000, days: 10, reads: 2 });
  });

  it('daily pages put each interval on the day it ended', () => {
    const reads = [read(0, { total: 0 }), read(1, { total: 50 }), read(1.2, { total: 60 }), read(2, { total: 100 })];
    const [from, to] = window(0, 3);
    expect(dailyPages(reads, 'total', from, to)).toEqual([
      { day: at(1).slice(0, 10), pages: 60 },
      { day: at(2).slice(0, 10), pages: 40 },
    ]);
  });
});

describe('supply forecast', () => {
  it('a falling level gives days left and the date it runs out', () => {
    const reads = [0, 1, 2, 3, 4].map((d) => read(d, {}, [toner(80 - 2 * d)]));
    const [f] = forecastSupplies(reads);
    expect(f.drainPerDay).toBeCloseTo(2, 6);
    expect(f.daysLeft).toBeCloseTo(36, 6);
    expect(f.emptyOn).toBe(new Date(T0 + (4 + 36) * DAY).toISOString().slice(0, 10));
    expect(f.points).toBe(5);
  });

  it('a new cartridge starts the fit again', () => {
    const reads = [read(0, {}, [toner(10)]), read(1, {}, [toner(4)]), read(2, {}, [toner(100)]), read(4, {}, [toner(99)]), read(6, {}, [toner(98)])];
    const [f] = forecastSupplies(reads);
    expect(f.points).toBe(3);
    expect(f.drainPerDay).toBeCloseTo(0.5, 6);
    expect(f.daysLeft).toBeCloseTo(196, 6);
  });

  it.each([
    ['an unknown level', [0, 1, 2, 3].map((d) => read(d, {}, [toner(null, 'unknown')]))],
    ['too few points', [read(0, {}, [toner(50)]), read(5, {}, [toner(40)])]],
    ['points within a day', [0, 0.2, 0.4, 0.6].map((d) => read(d, {}, [toner(50 - d * 10)]))],
    ['a level that does not fall', [0, 1, 2, 3].map((d) => read(d, {}, [toner(70)]))],
  ])('no date for %s', (_what, reads) => {
    const [f] = forecastSupplies(reads);
    expect(f.daysLeft).toBeUndefined();
    expect(f.emptyOn).toBeUndefined();
  });

  it('the fit is least squares', () => {
    expect(linearFit([{ at: 0, percent: 10 }, { at: DAY, percent: 8 }, { at: 2 * DAY, percent: 3 }])!.slope * DAY).toBeCloseTo(-3.5, 6);
  });
});

const device = (n: number, over: Partial<DeviceHistory>): DeviceHistory => ({ key: `serial:V:${n}`, ip: `192.0.2.${n}`, vendor: 'Acme', kind: 'printer', model: `M${n}`, serialNumber: `S${n}`, trouble: [], reads: [], ...over });

describe('the fleet', () => {
  const now = new Date(T0 + 30 * DAY);
  const fleet = [
    device(1, { kind: 'mfp', reads: [0, 10, 20, 30].map((d) => read(d, { total: 1000 + d * 100, mono: 800 + d * 70, color: 200 + d * 30 }, [toner(60 - d)])) }),
    device(2, { vendor: 'Other', reads: [0, 30].map((d) => read(d, { total: 10 + d * 10 }, [toner(0, 'empty')])), trouble: ['jammed'] }),
    device(3, { reads: [read(5, { total: 7 })] }),
  ];

  it('sums volumes, colour share, kinds, vendors, trouble and silence', () => {
    const f = fleetFigures(fleet, { now, sinceDays: 30, silentDays: 7 });
    expect(f.summary).toMatchObject({ devices: 3, byKind: { mfp: 1, printer: 2 }, byVendor: { Acme: 2, Other: 1 }, withErrors: 1, emptySupplies: 1, silent: 1 });
    expect(f.summary.monthlyVolume).toBe(Math.round(100 * 30.4375 + 10 * 30.4375));
    expect(f.summary.colorShare).toBeCloseTo(0.3, 6);
    expect(f.devices.map((d) => d.ip)).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
    expect(f.devices[2].monthlyVolume).toBeUndefined();
  });

  it('lists what needs attention, most urgent first', () => {
    const f = fleetFigures(fleet, { now, sinceDays: 30, silentDays: 7 });
    expect(f.attention.map((a) => [a.ip, a.reason])).toEqual([
      ['192.0.2.2', 'empty'],
      ['192.0.2.2', 'error'],
      ['192.0.2.3', 'silent'],
    ]);
  });

  it('the meter read closest to a date, for billing', () => {
    const { meters, reads } = metersAt(fleet, new Date(T0 + 12 * DAY));
    expect(meters).toEqual(['total', 'mono', 'color']);
    expect(reads.map((r) => [r.ip, r.readAt.slice(0, 10), r.meters.total])).toEqual([
      ['192.0.2.1', at(10).slice(0, 10), 2000],
      ['192.0.2.2', at(0).slice(0, 10), 10],
      ['192.0.2.3', at(5).slice(0, 10), 7],
    ]);
  });
});

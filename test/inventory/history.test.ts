import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../src/collect/types.js';
import { appendReads, HISTORY_FILE, readHistory, recordHistory, thinReads, type HistoryRead } from '../../src/inventory/history.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2027-06-30T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const read = (ms: number, total = 1): HistoryRead => ({ at: ago(ms), meters: { total }, supplies: [] });

function record(over: Partial<DeviceRecord>): DeviceRecord {
  return {
    ip: '192.0.2.7', port: 161, kind: 'printer', imaging: true, vendor: 'Acme', model: 'P1', serialNumber: 'SN7',
    meters: { total: 100 }, supplies: [{ index: 1, type: 'toner', color: 'black', level: 50, max: 100, percent: 50, state: 'ok' }],
    status: { errors: [], alerts: [] }, errors: [], collectedAt: NOW.toISOString(), requests: 2, ...over,
  } as DeviceRecord;
}

describe('the history stays bounded whatever the collect interval', () => {
  it('keeps the latest read of each hour for 31 days, of each day for 400, nothing older', () => {
    const reads = [
      read(10 * 60_000), read(20 * 60_000), // one hour (11:xx): the later of the two is kept
      read(3 * HOUR),
      read(40 * DAY + HOUR), read(40 * DAY + 2 * HOUR), // one day past the dense month: its later read is kept
      read(401 * DAY),
    ];
    const kept = thinReads(reads, NOW).map((r) => r.at);
    expect(kept).toEqual([ago(40 * DAY + HOUR), ago(3 * HOUR), ago(10 * 60_000)]);
  });

  it('a read every 5 minutes for 13 months stays under 31 × 24 + 400 reads', () => {
    const reads: HistoryRead[] = [];
    for (let t = 0; t < 396 * DAY; t += 5 * 60_000) reads.push(read(t));
    expect(thinReads(reads, NOW).length).toBeLessThanOrEqual(31 * 24 + 400);
  });
});

describe('appending reads', () => {
  it('follows a device by serial across an address change and keeps who it is as of its latest read', () => {
    const first = appendReads([], [record({ collectedAt: ago(DAY), meters: { total: 100 } })], NOW);
    const second = appendReads(first, [record({ ip: '192.0.2.99', location: 'Hall', collectedAt: NOW.toISOString(), meters: { total: 150 } })], NOW);
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ key: 'serial:Acme:SN7', ip: '192.0.2.99', location: 'Hall' });
    expect(second[0].reads.map((r) => r.meters.total)).toEqual([100, 150]);
    expect(second[0].reads[1].supplies).toEqual([{ key: 'toner:black:1', type: 'toner', color: 'black', percent: 50, state: 'ok' }]);
  });

  it('records printer errors and critical alerts as trouble, not low toner', () => {
    const [d] = appendReads([], [record({ status: { errors: ['lowToner', 'jammed'], alerts: [{ index: 1, severity: 'critical', group: 'input', code: 'inputMediaTrayMissing' }, { index: 2, severity: 'warning', group: 'markerSupplies', code: 'markerTonerAlmostEmpty' }] } })], NOW);
    expect(d.trouble).toEqual(['jammed', 'inputMediaTrayMissing']);
  });

  it('a device that answered nothing adds no read', () => {
    expect(appendReads([], [record({ meters: {}, supplies: [], errors: [{ field: 'meters.total', problem: 'timeout', detail: 'x' }] })], NOW)).toEqual([]);
  });
});

describe('the history file', () => {
  it('is written atomically beside the inventory and read back; a state directory without one starts empty', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-history-'));
    expect(await readHistory(state)).toEqual([]);
    await recordHistory(state, [record({})], NOW);
    await recordHistory(state, [record({ collectedAt: new Date(NOW.getTime() + 2 * HOUR).toISOString(), meters: { total: 130 } })], new Date(NOW.getTime() + 2 * HOUR));
    expect((await readHistory(state))[0].reads.map((r) => r.meters.total)).toEqual([100, 130]);
    expect(readdirSync(state).sort()).toEqual([HISTORY_FILE]);
  });

  it.each([
    ['not JSON', '{', /is not valid JSON/],
    ['an unknown format', JSON.stringify({ schemaVersion: 9, devices: [] }), /unknown format \(schemaVersion 9\)/],
  ])('a file that is %s is a one-line error naming it', async (_what, text, message) => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-history-'));
    writeFileSync(join(state, HISTORY_FILE), text);
    await expect(readHistory(state)).rejects.toThrow(message);
    expect(readFileSync(join(state, HISTORY_FILE), 'utf8')).toBe(text);
  });
});

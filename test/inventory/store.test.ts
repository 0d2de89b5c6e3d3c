import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiscoveredDevice } from '../../src/identify/types.js';
import { Inventory } from '../../src/inventory/store.js';

const device = (ip: string, serialNumber?: string): DiscoveredDevice => ({
  ip,
  port: 161,
  kind: 'printer',
  imaging: true,
  vendor: 'Example',
  serialNumber,
  snmpVersion: '2c',
  responseMs: 1,
  discoveredAt: '2026-11-25T10:00:00.000Z',
});

const ips = (state: string) => (JSON.parse(readFileSync(join(state, 'inventory.json'), 'utf8')) as { devices: { ip: string }[] }).devices.map((d) => d.ip).sort();

describe('the inventory', () => {
  it('two printscans saving the same inventory keep both their devices', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-inventory-'));
    const first = await Inventory.open(state);
    const second = await Inventory.open(state);
    first.merge([device('192.0.2.1', 'AAA')]);
    second.merge([device('192.0.2.2', 'BBB')]);
    await first.save();
    await second.save();
    expect(ips(state)).toEqual(['192.0.2.1', '192.0.2.2']);
    expect((await Inventory.open(state)).list()).toHaveLength(2);
  });

  it('a device seen again on a new address is recognised by its serial, also across saves', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-inventory-'));
    const before = await Inventory.open(state);
    before.merge([device('192.0.2.1', 'SER-1')]);
    await before.save();
    const later = await Inventory.open(state);
    later.merge([device('192.0.2.9', 'SER-1')]);
    await later.save();
    expect(ips(state)).toEqual(['192.0.2.9']);
  });

  it('keeps the meters of the last collect, found again by serial on a new address', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-inventory-'));
    const first = await Inventory.open(state);
    first.merge([device('192.0.2.1', 'SER-9')]);
    const record = { ...device('192.0.2.1', 'SER-9'), meters: { total: 500 }, supplies: [], status: { errors: [], alerts: [] }, errors: [], collectedAt: '2026-11-30T08:00:00.000Z', requests: 2 };
    first.recordCollected([record], () => []);
    await first.save();
    const later = await Inventory.open(state);
    expect(later.previousMeters(device('192.0.2.77', 'SER-9'))).toEqual({ meters: { total: 500 }, at: '2026-11-30T08:00:00.000Z' });
    expect(later.previousMeters(device('192.0.2.1'))).toEqual({ meters: { total: 500 }, at: '2026-11-30T08:00:00.000Z' });
    expect(later.previousMeters(device('192.0.2.2', 'OTHER'))).toBeUndefined();
  });

  it('waits for a save in progress in another process rather than writing over it', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-inventory-'));
    writeFileSync(join(state, 'inventory.lock'), String(process.pid));
    const inventory = await Inventory.open(state);
    inventory.merge([device('192.0.2.3')]);
    const saving = inventory.save();
    await new Promise((r) => setTimeout(r, 200));
    expect(() => readFileSync(join(state, 'inventory.json'))).toThrow();
    rmSync(join(state, 'inventory.lock'));
    await saving;
    expect(ips(state)).toEqual(['192.0.2.3']);
  });
});

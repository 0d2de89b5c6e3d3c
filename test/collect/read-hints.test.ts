import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectDevice } from '../../src/collect/collect-device.js';
import { profileFor } from '../../src/collect/collect-fleet.js';
import type { DeviceRecord } from '../../src/collect/types.js';
import { discoveredDevice, identifyHost } from '../../src/identify/identify-host.js';
import { loadProfiles } from '../../src/profiles/load.js';
import type { Profile } from '../../src/profiles/types.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { parseSnmprec, readRecording } from '../../src/snmp/recording.js';
import { RecordingReader } from '../../src/snmp/recording-reader.js';
import type { Varbind } from '../../src/snmp/types.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/collect/', import.meta.url));

/** A recording that also notes every OID a GET asked for. */
class NotingReader extends RecordingReader {
  readonly asked: string[] = [];
  override get(oids: readonly string[]): Promise<Map<string, Varbind>> {
    this.asked.push(...oids);
    return super.get(oids);
  }
}

const reader = (varbinds: Varbind[]) => new NotingReader(new MibView(varbinds));
const comparable = ({ collectedAt: _c, requests: _r, ...rest }: DeviceRecord) => rest;

async function collectTwice(varbinds: Varbind[], profiles: Profile[]) {
  const first = reader(varbinds);
  const id = await identifyHost(first, profiles);
  const device = discoveredDevice(id, '192.0.2.7', 161, '2c', 1);
  const profile = id.profile ?? profileFor(device, profiles);
  const full = await collectDevice(reader(varbinds), device, profile);
  const again = reader(varbinds);
  const hinted = await collectDevice(again, device, profile, { hints: full.hints });
  return { full, hinted, again, device, profile };
}

describe('a collect that knows what answered last time', () => {
  const profiles = loadProfiles();
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.snmprec'));

  it.each(fixtures)('%s: the same record, from fewer OIDs, in one round', async (file) => {
    const varbinds = readRecording(join(FIXTURES, file));
    const fullReader = reader(varbinds);
    const id = await identifyHost(fullReader, profiles);
    const device = discoveredDevice(id, '192.0.2.7', 161, '2c', 1);
    const profile = id.profile ?? profileFor(device, profiles);
    const before = fullReader.requests;
    const full = await collectDevice(fullReader, device, profile);
    const hintedReader = reader(varbinds);
    const hinted = await collectDevice(hintedReader, device, profile, { hints: full.hints });
    expect(comparable(hinted.record)).toEqual(comparable(full.record));
    expect(hinted.hints).toEqual(full.hints);
    expect(hintedReader.requests).toBeLessThanOrEqual(2);
    expect(hintedReader.asked.filter((oid) => !fullReader.asked.includes(oid) && !isTableInstance(oid, full.hints.tables))).toEqual([]);
    expect(fullReader.requests - before).toBeGreaterThanOrEqual(hintedReader.requests);
  });

  describe('a field with a vendor source and a standard fallback', () => {
    const VENDOR = '1.3.6.1.4.1.64999.1.1.0';
    const LIFE = '1.3.6.1.2.1.43.10.2.1.4.1.1';
    const dir = mkdtempSync(join(tmpdir(), 'printscan-hints-'));
    writeFileSync(
      join(dir, 'two-sources.json'),
      JSON.stringify({
        id: 'two-sources',
        extends: 'printer-mib',
        vendor: 'Example',
        match: [{ sysObjectID: '1.3.6.1.4.1.64999' }],
        fields: { 'meters.total': { read: 'collect', sources: [{ oid: VENDOR, type: 'Counter' }] } },
      }),
    );
    const custom = loadProfiles([dir]);
    const base = ['1.3.6.1.2.1.1.1.0|4|Example printer', '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.64999.2', '1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5'];
    const recording = (...lines: string[]) => parseSnmprec([...base, ...lines].join('\n'));

    it('asks only the source that answered', async () => {
      const { full, hinted, again } = await collectTwice(recording(`${LIFE}|65|1200`), custom);
      expect(full.hints.sources['meters.total']).toBe(1);
      expect(hinted.record.meters.total).toBe(1200);
      expect(again.asked).toContain(LIFE);
      expect(again.asked).not.toContain(VENDOR);
    });

    it('when that source stops answering, the others are asked in a second round', async () => {
      const { full, device, profile } = await collectTwice(recording(`${LIFE}|65|1200`), custom);
      const changed = reader(recording(`${VENDOR}|65|1300`));
      const result = await collectDevice(changed, device, profile, { hints: full.hints });
      expect(result.record.meters.total).toBe(1300);
      expect(result.hints.sources['meters.total']).toBe(0);
      expect(changed.asked).toEqual(expect.arrayContaining([LIFE, VENDOR]));
    });

    it('a field nothing answered for is not asked again until a full read', async () => {
      const { full, again, hinted } = await collectTwice(recording(), custom);
      expect(full.hints.sources['meters.total']).toBe(-1);
      expect(hinted.record.meters.total).toBeUndefined();
      expect(again.asked).not.toContain(VENDOR);
      expect(again.asked).not.toContain(LIFE);
    });

    it.each([
      ['another profile', { profile: 'hp' }],
      ['an edited or upgraded version of the profile (its sources numbered differently)', { revision: '0000000000000000' }],
    ])('hints learned under %s are ignored', async (_what, change) => {
      const { full, device, profile } = await collectTwice(recording(`${LIFE}|65|1200`), custom);
      const elsewhere = reader(recording(`${VENDOR}|65|1300`, `${LIFE}|65|1200`));
      const result = await collectDevice(elsewhere, device, profile, { hints: { ...full.hints, ...change } });
      expect(elsewhere.asked).toEqual(expect.arrayContaining([VENDOR, LIFE]));
      expect(result.record.meters.total).toBe(1300);
    });
  });
});

function isTableInstance(oid: string, tables: Record<string, string[]>): boolean {
  return Object.entries(tables).some(([column, rows]) => rows.some((r) => oid === `${column}.${r}`));
}

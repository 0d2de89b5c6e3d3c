import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { collectRecording } from '../../src/collect/from-recording.js';
import type { DeviceRecord } from '../../src/collect/types.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/types.js';
import { seededRandom } from '../../src/sim/agent.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/collect/', import.meta.url));

/** One record per vendor fixture, read through the real collect path. */
export async function fixtureRecords(): Promise<DeviceRecord[]> {
  const profiles = loadProfiles();
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.snmprec')).sort();
  const records = await Promise.all(files.map((f) => collectRecording(join(FIXTURES, f), profiles)));
  return records.map((r, i) => ({ ...r, ip: `192.0.2.${i + 1}`, port: 161 }));
}

/**
 * A fleet of `count` devices modelled on the fixtures, each with its own address, serial,
 * MAC, meters and supply levels: as varied as a real site, so compression is not flattered.
 */
export function typicalFleet(templates: DeviceRecord[], count: number, random = seededRandom(7)): DeviceRecord[] {
  const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
  const base = Date.parse('2026-11-25T06:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const t = structuredClone(templates[i % templates.length]);
    const scale = 0.05 + random() * 20;
    const at = new Date(base + Math.floor(random() * 600_000)).toISOString();
    return {
      ...t,
      ip: `192.0.2.${(i % 250) + 1}`,
      serialNumber: t.serialNumber === undefined ? undefined : pick('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', t.serialNumber.length || 10),
      mac: t.mac === undefined ? undefined : Array.from({ length: 6 }, () => Math.floor(random() * 256).toString(16).padStart(2, '0')).join(':'),
      hostname: t.hostname === undefined ? undefined : `prn-${pick('abcdefghijklmnopqrstuvwxyz', 5)}-${i}`,
      uptimeSeconds: t.uptimeSeconds === undefined ? undefined : Math.floor(random() * 5_000_000),
      responseMs: Math.round(random() * 400) / 10,
      discoveredAt: at,
      collectedAt: at,
      meters: Object.fromEntries(Object.entries(t.meters).map(([k, v]) => [k, Math.round(v * scale)])),
      supplies: t.supplies.map((s) => {
        const percent = s.percent === null ? null : Math.floor(random() * 101);
        return { ...s, percent, level: s.max !== null && percent !== null ? Math.round((s.max * percent) / 100) : s.level };
      }),
    };
  });
}

export function reportOf(devices: DeviceRecord[]): Report {
  return buildReport({
    collector: { id: '00000000-0000-4000-8000-000000000001', version: '0.0.0-test', hostname: 'test', platform: 'linux' },
    startedAt: new Date('2026-11-25T06:00:00Z'),
    finishedAt: new Date('2026-11-25T06:10:00Z'),
    devices,
    problems: [],
    collect: { devices: devices.length, collected: devices.length, failed: 0, requests: devices.length * 3, bytesOut: 0, bytesIn: 0, elapsedMs: 600_000 },
  });
}

/** discover, scan and collect put the same things in the same places, whatever the format. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';

const NET = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
const RANGE = `${NET}.1-6`;
const fleets: Fleet[] = [];
let port: string;

beforeAll(async () => {
  // The first address answers last, so the order devices finish in is not the address order.
  fleets.push(await startFleet({ files: [DEMO_FLEET_FILES[0]], base: `${NET}.1`, port: 0, layout: 'address', delayMs: 300 }));
  port = String(fleets[0].devices[0].port);
  fleets.push(await startFleet({ files: DEMO_FLEET_FILES.slice(1), base: `${NET}.2`, port: Number(port), layout: 'address' }));
});
afterAll(async () => {
  for (const f of fleets) await f.close();
});

const cli = (...args: string[]) => runCli([...args, '--port', port, '--snmp-version', '2c', '--state', mkdtempSync(join(tmpdir(), 'printscan-formats-'))]);
const ips = (list: { ip: string }[]) => list.map((d) => d.ip);

describe('output formats agree', () => {
  it('discover --all --json and scan --all --json put other hosts under "others" and the summary under its phase', async () => {
    const [discovered, scanned] = await Promise.all([cli('discover', RANGE, '--all', '--json', '--quiet'), cli('scan', RANGE, '--all', '--json', '--quiet')]);
    const d = JSON.parse(discovered.stdout);
    const s = JSON.parse(scanned.stdout);
    expect(Object.keys(d).sort()).toEqual(['devices', 'others', 'problems', 'summary']);
    expect(Object.keys(s).sort()).toEqual(['devices', 'others', 'problems', 'summary']);
    expect(ips(d.others)).toHaveLength(2);
    expect(ips(d.others)).toEqual(ips(s.others));
    expect(ips(d.devices)).toEqual(ips(s.devices));
    expect(d.devices.every((x: { imaging: boolean }) => x.imaging)).toBe(true);
    expect(d.summary.discover).toMatchObject({ addresses: 6, devices: 4, nonImaging: 2 });
    expect(s.summary.discover).toMatchObject({ addresses: 6, devices: 4, nonImaging: 2 });
    expect(s.summary.collect).toMatchObject({ devices: 4 });
  });

  it('scan --csv lists devices in the table\'s order and says what it leaves out', async () => {
    const [csv, table] = await Promise.all([cli('scan', RANGE, '--all', '--csv', '--quiet'), cli('scan', RANGE, '--quiet')]);
    const rows = csv.stdout.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    const tableOrder = [...table.stdout.matchAll(new RegExp(`(${NET.replace(/\./g, '\\.')}\\.\\d+):`, 'g'))].map((m) => m[1]);
    expect(rows).toEqual([1, 2, 3, 4].map((i) => `${NET}.${i}`));
    expect(rows).toEqual(tableOrder);
    expect(csv.stderr).toMatch(/2 other hosts that answer SNMP are not in the CSV .*--json lists them under "others"/);
  });

  it('discover --all --csv includes the other hosts, in address order', async () => {
    const r = await cli('discover', RANGE, '--all', '--csv', '--quiet');
    const rows = r.stdout.trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5, 6].map((i) => `${NET}.${i}`));
    expect(rows.filter((row) => row[2] === 'other')).toHaveLength(2);
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { ndjson, runCli } from '../helpers/cli.js';

const FIXTURE = new URL('../fixtures/v1-partial.snmprec', import.meta.url).pathname;
// Each test file owns a /16 of loopback: files run in parallel without clashing.
const NET = '127.31';

let fleet: Fleet;
let lossy: Fleet;
let busy: Fleet;
let unresponsive: Fleet;
const state = mkdtempSync(join(tmpdir(), 'printscan-test-state-'));

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES, FIXTURE], base: `${NET}.1.1`, port: 0, layout: 'address' });
  lossy = await startFleet({ files: DEMO_FLEET_FILES.slice(0, 4), base: `${NET}.2.1`, port: 0, layout: 'address', dropRate: 0.3, seed: 7 });
  busy = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: `${NET}.3.1`, port: 0, layout: 'address', busyAfterFirst: 4 });
  unresponsive = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: `${NET}.4.1`, port: 0, layout: 'address', busyAfterFirst: 1000 });
});
afterAll(async () => {
  await fleet?.close();
  await lossy?.close();
  await busy?.close();
  await unresponsive?.close();
});

const port = () => String(fleet.devices[0].port);
const base = ['--timeout', '2000', '--state', state, '--quiet'];

describe('discover against the project simulator', () => {
  it('finds the imaging devices, classifies them, and leaves the others out', async () => {
    const r = await runCli(['discover', `${NET}.1.0/24`, '--port', port(), '--ndjson', '--retries', '0', ...base]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const found = ndjson(r.stdout).sort((a, b) => String(a.ip).localeCompare(String(b.ip)));
    expect(found.map((d) => [d.ip, d.kind, d.vendor, d.model, d.profile])).toEqual([
      [`${NET}.1.1`, 'printer', 'Kyocera', 'ECOSYS P3145dn', 'kyocera'],
      [`${NET}.1.2`, 'mfp', 'Ricoh', 'IM C3000', 'ricoh'],
      [`${NET}.1.3`, 'mfp', 'Epson', 'WF-C5790 Series', 'epson'],
      [`${NET}.1.4`, 'label', 'Zebra', 'ZT410-203dpi ZPL', 'zebra'],
      [`${NET}.1.7`, 'mfp', 'Sharp', 'MX-B455W', 'sharp'],
    ]);
    for (const d of found) {
      expect(d).toMatchObject({ port: Number(port()), snmpVersion: '1' });
      expect(typeof d.sysDescr).toBe('string');
      expect(typeof d.sysObjectID).toBe('string');
    }
    expect(found[0]).toMatchObject({ sysName: 'KM-PRN-ACCOUNTS', serialNumber: 'VXD1234501' });
  });

  it('recovers the other OIDs of a v1 GET that one missing OID failed (noSuchName)', async () => {
    const r = await runCli(['discover', `${NET}.1.7`, '--port', port(), '--json', ...base]);
    const { devices } = JSON.parse(r.stdout);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ sysDescr: 'SHARP MX-B455W', sysObjectID: '1.3.6.1.4.1.2385.3.1.130', serialNumber: '05012345' });
    expect(devices[0].sysName).toBeUndefined();
  });

  it('lists non-imaging hosts with --all, as kind "other"', async () => {
    const r = await runCli(['discover', `${NET}.1.5-6`, '--port', port(), '--json', '--all', '--snmp-version', '2c', ...base]);
    const { devices, others, summary } = JSON.parse(r.stdout);
    expect(devices).toEqual([]);
    expect(others.map((d: { kind: string; imaging: boolean; profile: string; snmpVersion: string }) => [d.kind, d.imaging, d.profile, d.snmpVersion])).toEqual([
      ['other', false, 'network-gear', '2c'],
      ['other', false, 'net-snmp-host', '2c'],
    ]);
    expect(summary.discover).toMatchObject({ addresses: 2, responded: 2, devices: 0, nonImaging: 2 });
  });

  it('tries communities in order on hosts that stayed silent', async () => {
    const r = await runCli(['discover', `${NET}.1.1`, '--port', port(), '--community', 'wrong,public', '--ndjson', ...base]);
    expect(ndjson(r.stdout)).toHaveLength(1);
  });

  it('recovers dropped packets by retrying', async () => {
    const r = await runCli(['discover', `${NET}.2.1-10`, '--port', String(lossy.devices[0].port), '--ndjson', '--retries', '4', ...base]);
    expect(ndjson(r.stdout).map((d) => d.ip).sort()).toEqual([`${NET}.2.1`, `${NET}.2.2`, `${NET}.2.3`, `${NET}.2.4`]);
    expect(lossy.devices.reduce((n, d) => n + d.agent.requests, 0)).toBeGreaterThan(0);
  });

  it('a device that answers the sweep, then stays silent through every try of identification, is asked again at the end', async () => {
    // --retries 0: the sweep's one probe, then identification's three tries, all unanswered
    const r = await runCli(['discover', `${NET}.3.1`, '--port', String(busy.devices[0].port), '--ndjson', '--retries', '0', ...base]);
    expect(r.code).toBe(0);
    expect(ndjson(r.stdout).map((d) => d.model)).toEqual(['ECOSYS P3145dn']);
  });

  it('one that never answers again is one timeout problem', async () => {
    const r = await runCli(['discover', `${NET}.4.1`, '--port', String(unresponsive.devices[0].port), '--json', '--retries', '0', '--timeout', '1500', '--state', state]);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/warning: .* timeout:/g)).toHaveLength(1);
    expect(JSON.parse(r.stdout).summary.discover).toMatchObject({ responded: 1, devices: 0, problems: 1 });
  });

  it('writes CSV with a header and the contract columns', async () => {
    const r = await runCli(['discover', `${NET}.1.1-2`, '--port', port(), '--csv', ...base]);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header.split(',').slice(0, 6)).toEqual(['ip', 'port', 'kind', 'vendor', 'brand', 'model']);
    expect(rows).toHaveLength(2);
  });

  it('keeps found devices in the inventory of the state directory', async () => {
    await runCli(['discover', `${NET}.1.1-4`, '--port', port(), '--json', ...base]);
    const inventory = JSON.parse(readFileSync(join(state, 'inventory.json'), 'utf8'));
    expect(inventory.schemaVersion).toBe(1);
    expect(inventory.devices.map((d: { ip: string }) => d.ip)).toEqual(expect.arrayContaining([`${NET}.1.1`, `${NET}.1.2`, `${NET}.1.3`, `${NET}.1.4`]));
  });

  it('prints a table for people', async () => {
    const r = await runCli(['discover', `${NET}.1.2`, '--port', port(), ...base]);
    expect(r.stdout).toMatch(/Ricoh.*IM C3000.*RNP-MARKETING/);
  });
});

describe('bad input', () => {
  it.each([
    [['discover', '127.31.0.300'], /bad target "127\.31\.0\.300"/],
    [['discover', '127.31.0.9-127.31.0.1'], /ends before it starts/],
    [['discover', '127.31.0.0/33'], /\/33/],
    [['discover', 'foo..bar'], /"foo\.\.bar"/],
    [['discover', '127.0.0.0/8'], /over the cap of 65,536/],
    [['discover', '127.31.9.1', '--timeout', 'soon'], /--timeout "soon"/],
    [['discover', '127.31.9.1', '--snmp-version', '3'], /needs --user/],
    [['discover', '127.31.9.1', '--json', '--csv'], /choose one output format/],
    [['discover', '127.31.9.1', '--ranges', '/nonexistent/ranges.json'], /cannot read ranges file/],
    [['discover'], /no targets given/],
  ])('%j fails with one line and exit code 2', async (args, message) => {
    const r = await runCli([...args, '--state', state]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { ndjson, runCli } from '../helpers/cli.js';
import { startPtrServer } from '../helpers/dns-server.js';

const BASE = '127.39.0.1';
/** a free port, chosen when the fleet starts: parallel runs of the suite never collide */
let PORT = 0;
let fleet: Fleet;
const state = mkdtempSync(join(tmpdir(), 'printscan-collect-cli-'));
const range = `${BASE}-${DEMO_FLEET_FILES.length}`;

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: BASE, port: 0, layout: 'address' });
  PORT = fleet.devices[0].port;
});
afterAll(() => fleet.close());

describe('scan and collect from the command line', () => {
  it('scan collects every imaging device and writes the inventory and the latest report', async () => {
    const r = await runCli(['scan', range, '--port', String(PORT), '--snmp-version', '2c', '--ndjson', '--state', state, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const records = ndjson(r.stdout);
    expect(records).toHaveLength(4);
    for (const rec of records) {
      expect(rec).toMatchObject({ imaging: true, errors: [] });
      expect(rec.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(Array.isArray(rec.supplies)).toBe(true);
      expect(rec.requests).toBeLessThanOrEqual(6);
    }
    const totals = Object.fromEntries(records.map((d) => [d.model, (d.meters as Record<string, number>).total]));
    expect(totals).toEqual({ 'ECOSYS P3145dn': 48213, 'IM C3000': 285114, 'WF-C5790 Series': 9120, 'ZT410-203dpi ZPL': undefined });
    const report = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8'));
    expect(report.devices.map((d: { ip: string }) => d.ip).sort()).toEqual(records.map((d) => d.ip).sort());
    const inventory = JSON.parse(readFileSync(join(state, 'inventory.json'), 'utf8'));
    expect(inventory.devices).toHaveLength(4);
    // identity and the last meters (to flag one that goes down next time); no other readings
    expect(inventory.devices.every((d: { identity?: object; supplies?: object; status?: object }) => d.identity && !d.supplies && !d.status)).toBe(true);
  });

  it('collect reads the inventory again without asking for the fields read once', async () => {
    const r = await runCli(['collect', '--port', String(PORT), '--snmp-version', '2c', '--json', '--state', state, '--quiet']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.devices).toHaveLength(4);
    expect(doc.devices.every((d: { serialNumber?: string; mac?: string }) => d.serialNumber && d.mac)).toBe(true);
    expect(doc.summary.collect).toMatchObject({ devices: 4, collected: 4, failed: 0 });
    // what the scan learned (table rows, the sources that answered) makes it one round of two requests
    expect(doc.summary.collect.requests).toBeLessThanOrEqual(4 * 2);
    const latest = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8'));
    expect(latest.devices).toEqual(doc.devices);
  });

  it('--explain names the OID, raw value, transform and profile of each field', async () => {
    const r = await runCli(['collect', '--device', `${BASE}`, '--port', String(PORT), '--snmp-version', '2c', '--explain', '--state', state, '--quiet']);
    expect(r.code).toBe(0);
    // evidence on stderr: stdout keeps the table alone
    expect(r.stdout).not.toMatch(/ from \d/);
    expect(r.stderr).toMatch(/meters\.total = \d+ {2}from 1\.3\.6\.1\.2\.1\.43\.10\.2\.1\.4\.1\.1 raw \d+ as Counter \(profile printer-mib\)/);
    expect(r.stderr).toMatch(/ model = "[^"]+" {2}from \S+ raw .+ as /);
    expect(r.stderr).toMatch(/ supplies\.1 = "[^"]+" {2}from 1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.9\.1\.1 \/ 1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.8\.1\.1 raw /);
    expect(r.stderr).toMatch(/ status\.printer = "\w+" {2}from 1\.3\.6\.1\.2\.1\.25\.3\.5\.1\.1\.\d+ raw \d+ as Enum \(hrPrinterStatus\)/);
    expect(r.stderr).toMatch(/ status\.alerts = \[.*\] {2}from 1\.3\.6\.1\.2\.1\.43\.18\.1\.1\.7\.\* raw \d+ rows/);
  });

  it('--explain with --json puts the same evidence inside each record, nothing on stderr', async () => {
    const r = await runCli(['collect', '--device', `${BASE}`, '--port', String(PORT), '--snmp-version', '2c', '--explain', '--json', '--state', state, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [record] = JSON.parse(r.stdout).devices;
    expect(Object.keys(record.provenance)).toEqual(expect.arrayContaining(['meters.total', 'model', 'supplies.1', 'status.printer', 'status.errors', 'status.alerts']));
  });

  it('collect --from-walk reads a recording with no network', async () => {
    const r = await runCli(['collect', '--from-walk', DEMO_FLEET_FILES[1], '--json']);
    expect(r.code).toBe(0);
    const [record] = JSON.parse(r.stdout).devices;
    expect(record).toMatchObject({ vendor: 'Ricoh', kind: 'mfp' });
    expect(record.supplies.length).toBeGreaterThan(0);
  });

  it('a device that stopped answering is reported, exit 1, and the others are still collected', async () => {
    const dead = mkdtempSync(join(tmpdir(), 'printscan-collect-dead-'));
    await runCli(['scan', range, '--port', String(PORT), '--snmp-version', '2c', '--ndjson', '--state', dead, '--quiet']);
    const inventory = JSON.parse(readFileSync(join(dead, 'inventory.json'), 'utf8'));
    inventory.devices[0].port = PORT + 1;
    writeFileSync(join(dead, 'inventory.json'), JSON.stringify(inventory));
    const r = await runCli(['collect', '--port', String(PORT), '--snmp-version', '2c', '--timeout', '1500', '--retries', '0', '--ndjson', '--state', dead, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/timeout/);
    expect(ndjson(r.stdout).filter((d) => (d.errors as unknown[]).length === 0)).toHaveLength(3);
  });
});

describe('profiles', () => {
  it('lists the bundled profiles', async () => {
    const r = await runCli(['profiles', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['printer-mib', 'ricoh', 'brother']));
  });

  it('shows one with extends resolved', async () => {
    const r = await runCli(['profiles', 'show', 'ricoh']);
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout);
    expect(shown.fields['meters.total'].sources.map((s: { profile: string }) => s.profile)).toEqual(['ricoh', 'ricoh', 'printer-mib']);
    expect(shown.makerNames).toBe(JSON.parse(readFileSync(new URL('../../mibs/ricoh.json', import.meta.url), 'utf8')).makerNames);
  });

  it.each([
    ['an unknown key', { id: 'x', colour: 'red' }, /x\.json: \/ has unknown key "colour"/],
    ['a bad value type', { id: 'x', fields: { 'meters.total': { read: 'collect', sources: [{ oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', type: 'Float' }] } } }, /x\.json: \/fields\/meters\.total\/sources\/0/],
    ['a field without its read frequency', { id: 'x', fields: { serialNumber: { sources: [{ oid: '1.3.6.1.2.1.43.5.1.1.17.1' }] } } }, /x\.json: \/fields\/serialNumber must have required property 'read'/],
  ])('check refuses %s, naming the file and the JSON path', async (_name, profile, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'printscan-profile-'));
    const file = join(dir, 'x.json');
    writeFileSync(file, JSON.stringify(profile));
    const r = await runCli(['profiles', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('check accepts every bundled profile', async () => {
    const dir = new URL('../../mibs/', import.meta.url).pathname;
    const files = ['printer-mib', 'hp', 'ricoh', 'brother', 'zebra'].map((id) => join(dir, `${id}.json`));
    const r = await runCli(['profiles', 'check', ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(files.length);
  });

  it('--resolve adds the DNS name of each device that has one', async () => {
    const dns = await startPtrServer({ '127.39.0.2': 'mfp-2nd-floor.example.test' });
    try {
      const r = await runCli(['collect', '--resolve', '--dns-server', dns.address, '--port', String(PORT), '--snmp-version', '2c', '--ndjson', '--state', state, '--quiet']);
      expect(r.code).toBe(0);
      const names = Object.fromEntries(ndjson(r.stdout).map((d) => [d.ip, d.dnsName]));
      expect(names).toEqual({ '127.39.0.1': undefined, '127.39.0.2': 'mfp-2nd-floor.example.test', '127.39.0.3': undefined, '127.39.0.4': undefined });
    } finally {
      await dns.close();
    }
  });

  it.each([
    [['discover', '127.39.0.1', '--resolve'], /--resolve names devices as they are collected/],
    [['collect', '--dns-server', '127.0.0.1', '--state', state], /--dns-server is for --resolve/],
    [['collect', '--resolve', '--dns-server', 'resolver.example.test', '--state', state], /--dns-server "resolver\.example\.test" is not an IP address/],
  ])('%j is refused: exit 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRecording } from '../../src/collect/from-recording.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { DEMO_FLEET_FILES, DEMO_IMAGING_DEVICES } from '../../src/sim/demo.js';
import { parsePlacement } from '../../src/sim/placement.js';
import { freePort } from '../helpers/agents.js';
import { cliCommand, ndjson, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'printscan-ipv6-'));
const V3_USER = ['--auth-protocol', 'sha256', '--auth-key', 'ipv6-auth-pass', '--priv-protocol', 'aes', '--priv-key', 'ipv6-priv-pass'];
const V3 = ['--v3-user', 'reader', ...V3_USER];
let sim: ChildProcess;
/** `[::1]:port` per demo file, as the simulator printed them */
const served = new Map<string, string>();

/** Starts `printscan sim --map` and waits for its list of devices (one line each, then the banner on stderr). */
function startSim(map: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(...cliCommand(['sim', '--map', map, '--port', '0', ...V3]), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (!err.includes('Ctrl-C stops')) return;
      for (const line of out.trim().split('\n')) {
        const [address, file] = line.split('\t');
        served.set(file, address);
      }
      resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`sim exited ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  // one device on a port chosen here, the others on ports the simulator picks
  const fixed = await freePort('::1');
  const lines = DEMO_FLEET_FILES.map((f, i) => `${i === 0 ? `[::1]:${fixed}` : '::1'}\t${f}`);
  const map = join(dir, 'map.tsv');
  writeFileSync(map, `# the demo fleet on IPv6 loopback\n${lines.join('\n')}\n`);
  sim = await startSim(map);
  expect(served.get(basename(DEMO_FLEET_FILES[0]))).toBe(`[::1]:${fixed}`);
});
afterAll(() => {
  sim?.kill();
});

describe('the simulator and the collector over IPv6', () => {
  it('serves every demo device on ::1, one port each', () => {
    expect(served.size).toBe(DEMO_FLEET_FILES.length);
    const ports = [...served.values()].map((a) => /^\[::1\]:(\d+)$/.exec(a)?.[1]);
    expect(ports.every((p) => p !== undefined)).toBe(true);
    expect(new Set(ports).size).toBe(DEMO_FLEET_FILES.length);
  });

  it('scan discovers and collects over udp6, and collect reads the inventory again', async () => {
    const profiles = loadProfiles();
    const expected = await Promise.all(DEMO_FLEET_FILES.map((f) => collectRecording(f, profiles)));
    const state = join(dir, 'state');
    const scan = await runCli(['scan', [...served.values()].join(','), '--snmp-version', '2c', '--ndjson', '--state', state, '--quiet']);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const records = ndjson(scan.stdout);
    expect(records).toHaveLength(DEMO_IMAGING_DEVICES);
    for (const rec of records) {
      const file = [...served].find(([, address]) => address === `[::1]:${rec.port}`)![0];
      const want = expected[DEMO_FLEET_FILES.findIndex((f) => basename(f) === file)];
      expect(rec).toMatchObject({ ip: '::1', model: want.model, serialNumber: want.serialNumber, mac: want.mac, meters: want.meters });
    }
    const collect = await runCli(['collect', '--device', [...served.values()][0], '--snmp-version', '2c', '--json', '--state', state, '--quiet']);
    expect(collect.code).toBe(0);
    const { devices } = JSON.parse(collect.stdout);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ ip: '::1', model: expected[0].model, meters: expected[0].meters });
  });

  it('SNMPv3 authPriv works over udp6 too (engine discovery, then the encrypted reads)', async () => {
    const [address] = [...served.values()];
    const r = await runCli(['scan', address, '--snmp-version', '3', '--user', 'reader', ...V3_USER, '--ndjson', '--state', join(dir, 'state-v3'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [record] = ndjson(r.stdout);
    expect(record).toMatchObject({ ip: '::1', snmpVersion: '3', serialNumber: (await collectRecording(DEMO_FLEET_FILES[0], loadProfiles())).serialNumber });
  });

  it('a device that stays silent on ::1 is named in brackets', async () => {
    const r = await runCli(['collect', '--state', join(dir, 'state'), '--community', 'wrong', '--snmp-version', '2c', '--timeout', '2000', '--retries', '0', '--device', [...served.values()][1]]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${[...served.values()][1]} `);
  });
});

describe('sim placements', () => {
  it.each([
    ['::1', { host: '::1', port: undefined }],
    ['[::1]:1611', { host: '::1', port: 1611 }],
    ['0:0:0:0:0:0:0:1', { host: '::1', port: undefined }],
    ['127.0.0.5', { host: '127.0.0.5', port: undefined }],
    ['127.0.0.5:1612', { host: '127.0.0.5', port: 1612 }],
  ])('%s', (text, want) => {
    expect(parsePlacement(text)).toEqual(want);
  });

  it.each([
    ['::2', /loopback only/],
    ['[2001:db8::1]:161', /loopback only/],
    ['192.0.2.1', /loopback only/],
    ['127.0.0.1-3', /not one address/],
    ['printer.example', /not one address/],
    ['[::1]:0', /port "0"/],
  ])('refuses %s', (text, why) => {
    expect(() => parsePlacement(text)).toThrow(why);
  });

  it('sim --map names the bad line and exits 2', async () => {
    const map = join(dir, 'bad-map.tsv');
    writeFileSync(map, `::1\t${DEMO_FLEET_FILES[0]}\n[2001:db8::5]:161\t${DEMO_FLEET_FILES[1]}\n`);
    const r = await runCli(['sim', '--map', map]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${map}:2:`);
    expect(r.stderr).toContain('loopback only');
  });
});

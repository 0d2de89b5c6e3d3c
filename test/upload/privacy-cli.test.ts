import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../src/collect/types.js';
import { readIdentityFile } from '../../src/receive/identity.js';
import { PRIVACY_KEY_FILE } from '../../src/report/privacy-key.js';
import { openReport, sealedFileName } from '../../src/report/seal.js';
import type { SentReport } from '../../src/report/types.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { cliCommand, runCli } from '../helpers/cli.js';

const SIM_BASE = '127.63.0.1';
const range = `${SIM_BASE}-${DEMO_FLEET_FILES.length}`;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-privacy-${name}-`));

let fleet: Fleet;
/** `printscan receive`, whose served config may ask for a level */
interface Server {
  child: ChildProcess;
  url: string;
  recipient: string;
  data: string;
  ca: string;
  token: string;
}
let plain: Server;
let strict: Server;

async function startReceive(config?: object): Promise<Server> {
  const data = temp('receiver');
  const args = ['receive', '--listen', '127.0.0.1:0', '--data', data, '--self-signed'];
  if (config) {
    writeFileSync(join(data, 'config.json'), JSON.stringify(config));
    args.push('--config', join(data, 'config.json'));
  }
  const child = spawn(...cliCommand(args), { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const started = JSON.parse(line) as { url: string; recipient: string; ca: string };
  const [{ token }] = JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8')) as { token: string }[];
  return { child, ...started, data, token };
}

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: SIM_BASE, port: 0, layout: 'address' });
  [plain, strict] = await Promise.all([startReceive(), startReceive({ privacy: 'masked' })]);
});
afterAll(async () => {
  for (const s of [plain, strict]) s?.child.kill();
  await fleet?.close();
});

interface Pushed {
  code: number | null;
  stderr: string;
  /** what scan printed locally */
  local: { devices: DeviceRecord[]; others?: { ip: string; sysName?: string; sysDescr?: string }[] };
  /** the report as the receiver stored it, opened with its identity */
  received: SentReport;
  text: string;
}

async function scanPush(server: Server, state: string, extra: string[]): Promise<Pushed> {
  const r = await runCli(['scan', range, '--port', String(fleet.devices[0].port), '--all', '--json', '--state', state, '--push', '--server', server.url, '--token', server.token, '--ca', server.ca, ...extra]);
  const reportId = /sealed report ([0-9a-f-]{36})/.exec(r.stderr)?.[1];
  expect(reportId, r.stderr).toBeDefined();
  const sealed = readFileSync(join(server.data, 'reports', 'default', sealedFileName(reportId!)));
  const received = await openReport(sealed, await readIdentityFile(join(server.data, 'identity.txt')));
  return { code: r.code, stderr: r.stderr, local: JSON.parse(r.stdout), received, text: JSON.stringify(received) };
}

/** Every way a simulated device's address, MAC, names and place can be written. */
function clearValues(local: Pushed['local']): string[] {
  const values = new Set<string>();
  for (const d of local.devices) {
    for (const v of [d.ip, d.sysName, d.hostname, d.location, d.contact]) if (v) values.add(v);
    if (d.mac) for (const spelling of [d.mac, d.mac.toUpperCase(), d.mac.replace(/:/g, ''), d.mac.replace(/:/g, '-')]) values.add(spelling);
  }
  for (const o of local.others ?? []) for (const v of [o.ip, o.sysName]) if (v) values.add(v);
  return [...values];
}

const bySerial = (report: SentReport) => new Map(report.devices.map((d) => [d.serialNumber, d as Record<string, unknown>]));

describe('--privacy: what leaves the site', () => {
  let first: Pushed;
  const state = temp('masked');

  beforeAll(async () => {
    first = await scanPush(plain, state, ['--privacy', 'masked']);
  });

  it('masked: no address, MAC, name or place of any simulated device is in the received report', () => {
    expect(first.code).toBe(0);
    expect(first.received.privacy).toBe('masked');
    const secrets = clearValues(first.local);
    expect(secrets.length).toBeGreaterThan(20);
    expect(secrets.filter((s) => first.text.toLowerCase().includes(s.toLowerCase()))).toEqual([]);
    expect(first.received.devices).toHaveLength(4);
    const received = bySerial(first.received);
    let masked = 0;
    for (const d of first.local.devices) {
      for (const field of ['ip', 'mac', 'sysName', 'hostname', 'location', 'contact'] as const) {
        if (d[field] === undefined) continue;
        expect(received.get(d.serialNumber)![field]).toMatch(/^~[0-9a-f]{16}$/);
        masked += 1;
      }
    }
    expect(masked).toBeGreaterThanOrEqual(4 * 4 + 3);
  });

  it('masked keeps what the server bills and plans by, and the local output and latest report stay whole', () => {
    const received = bySerial(first.received);
    for (const d of first.local.devices) expect(received.get(d.serialNumber)).toMatchObject({ model: d.model, meters: d.meters, supplies: d.supplies, port: d.port });
    expect(first.local.devices.map((d) => d.ip).sort()).toEqual(fleet.devices.slice(0, 4).map((d) => d.host).sort());
    const latest = readFileSync(join(state, 'latest-report.json'), 'utf8');
    const places = first.local.devices.flatMap((d) => [d.ip, d.mac, d.location].filter((v) => v !== undefined));
    expect(places.length).toBeGreaterThan(8);
    for (const v of places) expect(latest).toContain(v);
  });

  it('the key is made once, mode 0600: masks are the same on the next run and differ under another state directory', async () => {
    expect(statSync(join(state, PRIVACY_KEY_FILE)).mode & 0o777).toBe(0o600);
    const again = bySerial((await scanPush(plain, state, ['--privacy', 'masked'])).received);
    const elsewhere = bySerial((await scanPush(plain, temp('other'), ['--privacy', 'masked'])).received);
    for (const [serial, d] of bySerial(first.received)) {
      for (const field of ['ip', 'mac', 'location'].filter((f) => d[f] !== undefined)) {
        expect(again.get(serial)![field]).toBe(d[field]);
        expect(elsewhere.get(serial)![field]).not.toBe(d[field]);
      }
    }
  });

  it('minimal: per device only what it is, its meters, supplies and status', async () => {
    const pushed = await scanPush(plain, temp('minimal'), ['--privacy', 'minimal']);
    expect(pushed.code).toBe(0);
    expect(pushed.received).toMatchObject({ privacy: 'minimal', problems: [] });
    expect(pushed.received).not.toHaveProperty('others');
    const allowed = ['kind', 'vendor', 'brand', 'model', 'family', 'modelNumber', 'serialNumber', 'meters', 'supplies', 'status', 'collectedAt'];
    for (const d of pushed.received.devices) expect(Object.keys(d).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(clearValues(pushed.local).filter((s) => pushed.text.toLowerCase().includes(s.toLowerCase()))).toEqual([]);
    const received = bySerial(pushed.received);
    for (const d of pushed.local.devices) expect(received.get(d.serialNumber)).toMatchObject({ model: d.model, meters: d.meters, status: d.status });
  });

  it('no --privacy sends the report whole', async () => {
    const state = temp('full');
    const pushed = await scanPush(plain, state, []);
    expect(pushed.received).not.toHaveProperty('privacy');
    expect(pushed.received.devices).toEqual(pushed.local.devices);
    expect(existsSync(join(state, PRIVACY_KEY_FILE))).toBe(false);
  });
});

describe('privacy in the server configuration', () => {
  it('a server asking for masked tightens a site that said full, and says so', async () => {
    const pushed = await scanPush(strict, temp('server-masked'), ['--privacy', 'full']);
    expect(pushed.stderr).toContain("the server's configuration asks for privacy masked");
    expect(pushed.received.privacy).toBe('masked');
    expect(clearValues(pushed.local).filter((s) => pushed.text.includes(s))).toEqual([]);
  });

  it('cannot loosen a site that said minimal', async () => {
    const pushed = await scanPush(strict, temp('site-minimal'), ['--privacy', 'minimal']);
    expect(pushed.received.privacy).toBe('minimal');
  });

  it('a bad level is refused with exit 2 before anything is sent', async () => {
    const r = await runCli(['scan', range, '--privacy', 'secret', '--push', '--server', plain.url, '--token', plain.token, '--ca', plain.ca, '--state', temp('bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--privacy.*secret.*full, masked, minimal/);
  });
});

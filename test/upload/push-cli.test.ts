import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepReport } from '../../src/inventory/latest-report.js';
import { DEFAULT_SPOOL_LIMITS } from '../../src/upload/spool.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receive/server.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { hasCommand } from '../helpers/agents.js';
import { cliCommand, runCli } from '../helpers/cli.js';
import { startFaultFront, type Fault, type FaultFront } from '../helpers/fault-front.js';
import { startTinyproxy, type Tinyproxy } from '../helpers/tinyproxy.js';
import { makePrivateCa } from '../helpers/private-ca.js';
import { demoReport, writeTokens } from '../receive/helpers.js';

const SIM_BASE = '127.47.0.1';
/** a free port, chosen when the fleet starts: parallel runs of the suite never collide */
let SIM_PORT = 0;
const COMMUNITY = 'c0mmunity-n0t-t0-leak';
const range = `${SIM_BASE}-${DEMO_FLEET_FILES.length}`;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-push-${name}-`));

let fleet: Fleet;
let receiver: Receiver;
const receiverLog: ReceiverEvent[] = [];
let token: string;
const fronts: FaultFront[] = [];

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: SIM_BASE, port: 0, layout: 'address', community: COMMUNITY });
  SIM_PORT = fleet.devices[0].port;
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['site-a']);
  token = tokens['site-a'];
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed', log: (e) => receiverLog.push(e) });
});
afterAll(async () => {
  for (const f of fronts) await f.close();
  await receiver?.close();
  await fleet?.close();
});

/** Every report the receiver has appended, by reportId. */
function received(): Map<string, { devices: Record<string, unknown>[] }[]> {
  const file = join(receiver.dataDir, 'reports.ndjson');
  const byId = new Map<string, { devices: Record<string, unknown>[] }[]>();
  if (!existsSync(file)) return byId;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const report = JSON.parse(line) as { reportId: string; devices: Record<string, unknown>[] };
    byId.set(report.reportId, [...(byId.get(report.reportId) ?? []), report]);
  }
  return byId;
}

const serverArgs = (url = receiver.url, ca = receiver.caPath!) => ['--server', url, '--token', token, '--ca', ca];

/** A state directory holding a collected report that was never pushed. */
async function stateWithReport(): Promise<{ state: string; reportId: string }> {
  const state = temp('state');
  const report = await demoReport(2);
  await keepReport(state, report, DEFAULT_SPOOL_LIMITS);
  return { state, reportId: report.reportId };
}

async function front(script: Fault[]): Promise<FaultFront> {
  const f = await startFaultFront({ url: receiver.url, caPath: receiver.caPath }, script);
  fronts.push(f);
  return f;
}

const spooled = (state: string) => (existsSync(join(state, 'spool')) ? readdirSync(join(state, 'spool')).filter((n) => n.endsWith('.json.gz.age')) : []);

describe('scan --push to the reference receiver over HTTPS', () => {
  it('every device arrives in the receiver NDJSON, field for field, exactly once', async () => {
    const state = temp('roundtrip');
    const r = await runCli(['scan', range, '--port', String(SIM_PORT), '--community', COMMUNITY, '--json', '--state', state, '--push', ...serverArgs()]);
    expect(r.stderr).toMatch(/sealed report [0-9a-f-]{36}: 4 devices, [\d.]+ KB JSON → [\d.]+ KB sealed/);
    expect(r.stderr).toMatch(/push: 1 sent/);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { devices: Record<string, unknown>[] };
    const latest = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')) as { reportId: string; devices: unknown[] };
    const copies = received().get(latest.reportId);
    expect(copies).toHaveLength(1);
    expect(copies![0].devices).toEqual(printed.devices);
    expect(copies![0].devices).toHaveLength(4);
    expect(spooled(state)).toEqual([]);
  });

  it('no community, token or key appears in stdout, stderr, the state files or the receiver', async () => {
    const state = temp('secrets');
    const v3 = { authKey: 'auth-key-n0t-t0-leak', privKey: 'priv-key-n0t-t0-leak' };
    const ranges = join(state, '..', `${state.split('/').pop()}-ranges.json`);
    writeFileSync(ranges, JSON.stringify([{ targets: '127.47.0.250', port: SIM_PORT, snmp: { user: { name: 'collector', authProtocol: 'sha256', authKey: v3.authKey, privProtocol: 'aes', privKey: v3.privKey } } }]));
    const r = await runCli(['scan', range, '--ranges', ranges, '--timeout', '2000', '--retries', '0', '--port', String(SIM_PORT), '--community', COMMUNITY, '--ndjson', '--state', state, '--push', ...serverArgs()]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    const stateFiles = readdirSync(state, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(join(d.parentPath, d.name)).toString('latin1'));
    const receiverFiles = readdirSync(receiver.dataDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== 'tokens.json')
      .map((d) => readFileSync(join(d.parentPath, d.name)).toString('latin1'));
    for (const text of [r.stdout, r.stderr, JSON.stringify(receiverLog), ...stateFiles, ...receiverFiles]) {
      for (const secret of [COMMUNITY, token, v3.authKey, v3.privKey]) expect(text).not.toContain(secret);
    }
  });
});

describe('faults: nothing lost, nothing duplicated', () => {
  it('server down: exit 1, the report waits in the spool; the next push delivers it once', async () => {
    const { state, reportId } = await stateWithReport();
    const down = await runCli(['push', '--state', state, '--upload-retries', '1', '--recipient', receiver.recipient, '--server', 'https://127.0.0.1:9', '--token', token]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/not delivered: POST https:\/\/127\.0\.0\.1:9\/v1\/reports: .*ECONNREFUSED/);
    expect(spooled(state)).toHaveLength(1);
    const status = await runCli(['push', '--status', '--json', '--state', state]);
    expect(JSON.parse(status.stdout).waiting).toMatchObject([{ reportId, attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED/) }]);
    const up = await runCli(['push', '--state', state, ...serverArgs()]);
    expect(up.code).toBe(0);
    expect(received().get(reportId)).toHaveLength(1);
    expect(spooled(state)).toEqual([]);
    const again = await runCli(['push', '--state', state, ...serverArgs()]);
    expect(again.stderr).toMatch(/push: 0 sent/);
    expect(received().get(reportId)).toHaveLength(1);
  });

  it.each<[string, Fault[], number]>([
    ['two 500s, then success', [{ status: 500 }, { status: 503 }], 3],
    ['a connection reset mid-upload', ['reset'], 2],
    ['a 429 with Retry-After: 1', [{ status: 429, headers: { 'retry-after': '1' } }], 2],
  ])('%s: delivered once', async (_what, script, requests) => {
    const { state, reportId } = await stateWithReport();
    const f = await front([...script]);
    const r = await runCli(['push', '--state', state, ...serverArgs(f.url, f.caPath), '--recipient', receiver.recipient]);
    expect(r.code).toBe(0);
    const posts = f.seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(requests);
    expect(new Set(posts.map((p) => p.idempotencyKey))).toEqual(new Set([reportId]));
    expect(received().get(reportId)).toHaveLength(1);
    expect(spooled(state)).toEqual([]);
  });

  it('a 429 is retried no sooner than Retry-After says', async () => {
    const { state } = await stateWithReport();
    const f = await front([{ status: 429, headers: { 'retry-after': '1' } }]);
    await runCli(['push', '--state', state, ...serverArgs(f.url, f.caPath), '--recipient', receiver.recipient]);
    const [first, second] = f.seen.filter((s) => s.method === 'POST');
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it('a server slower than the upload timeout: the retry is answered from the first, one copy stored', async () => {
    const { state, reportId } = await stateWithReport();
    const f = await front([{ forwardThenDelayMs: 5000 }]);
    const r = await runCli(['push', '--state', state, ...serverArgs(f.url, f.caPath), '--recipient', receiver.recipient, '--upload-timeout', '3000']);
    expect(r.stderr).toMatch(/no answer within 3000 ms; trying again/);
    expect(r.code).toBe(0);
    expect(f.seen.filter((s) => s.method === 'POST')).toHaveLength(2);
    expect(received().get(reportId)).toHaveLength(1);
  });

  it('a 4xx other than 408/429 fails at once with the server message and keeps the report', async () => {
    const { state, reportId } = await stateWithReport();
    const f = await front([{ status: 403, body: JSON.stringify({ error: 'collector site-a is suspended' }) }]);
    const r = await runCli(['push', '--state', state, ...serverArgs(f.url, f.caPath)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/answered 403: collector site-a is suspended/);
    expect(f.seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(received().get(reportId)).toBeUndefined();
    expect(spooled(state)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/push --drop/);
  });

  it('a 422 (the server cannot open this report) says how to drop it', async () => {
    const { state, reportId } = await stateWithReport();
    const f = await front([{ status: 422, body: JSON.stringify({ error: 'cannot open the sealed report' }) }]);
    const r = await runCli(['push', '--state', state, ...serverArgs(f.url, f.caPath)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`remove it with: printscan push --drop ${reportId.slice(0, 8)}`);
    expect(spooled(state)).toHaveLength(1);
  });

  it('killed between spool write and upload: the next push delivers the report once', async () => {
    const state = temp('kill');
    const f = await front(['hang']);
    const child = spawn(...cliCommand(['scan', range, '--port', String(SIM_PORT), '--community', COMMUNITY, '--state', state, '--quiet', '--push', ...serverArgs(f.url, f.caPath)]), { stdio: 'ignore' });
    await f.arrived(2); // the config request, then the report
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    expect(spooled(state)).toHaveLength(1);
    const latest = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')) as { reportId: string };
    const r = await runCli(['push', '--state', state, ...serverArgs()]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/sealed report/);
    expect(received().get(latest.reportId)).toHaveLength(1);
    expect(spooled(state)).toEqual([]);
  });

  it.each([
    [['--status', '--drop', 'abcd1234'], /--status only looks and --drop removes: use one at a time/],
    [['--json'], /--json goes with --status/],
  ])('push %j is refused before anything happens', async (args, message) => {
    const r = await runCli(['push', '--state', temp('conflict'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('push --drop removes a report the server will never take (by a unique start of its id), and names an unknown one', async () => {
    const { state, reportId } = await stateWithReport();
    await runCli(['push', '--state', state, '--server', 'https://127.0.0.1:9', '--token', token, '--recipient', receiver.recipient, '--upload-retries', '0']);
    expect(spooled(state)).toHaveLength(1);
    const unknown = await runCli(['push', '--state', state, '--drop', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no report 00000000-0000-4000-8000-000000000000 waits in/);
    const short = await runCli(['push', '--state', state, '--drop', 'abc']);
    expect(short.code).toBe(2);
    const dropped = await runCli(['push', '--state', state, '--drop', reportId.slice(0, 8)]);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(new RegExp(`dropped report ${reportId} of .* \\(1 tries; last error: .*ECONNREFUSED.*\\), never delivered`));
    expect(spooled(state)).toEqual([]);
  });

  it('a full spool drops the oldest report loudly and exits 1', async () => {
    const { state, reportId: oldest } = await stateWithReport();
    const offline = ['--server', 'https://127.0.0.1:9', '--token', token, '--recipient', receiver.recipient, '--upload-retries', '0', '--spool-max-reports', '1'];
    await runCli(['push', '--state', state, ...offline]);
    await keepReport(state, await demoReport(1), DEFAULT_SPOOL_LIMITS);
    const r = await runCli(['push', '--state', state, ...offline]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`spool full (1 reports`);
    expect(r.stderr).toContain(`dropped the oldest report ${oldest}`);
    expect(spooled(state)).toHaveLength(1);
  });
});

describe.skipIf(!hasCommand('tinyproxy'))('through a real proxy (tinyproxy)', () => {
  let proxy: Tinyproxy;
  beforeAll(async () => {
    proxy = await startTinyproxy();
  });
  afterAll(() => proxy?.stop());
  const tunnels = () => proxy.log().split('\n').filter((l) => /CONNECT/.test(l) && l.includes(`127.0.0.1:${receiver.port}`)).length;

  it.each([
    ['--proxy', (url: string) => ({ args: ['--proxy', url], env: {} })],
    ['HTTPS_PROXY', (url: string) => ({ args: [], env: { HTTPS_PROXY: url } })],
  ])('%s: the report goes through the tunnel, TLS end to end, delivered once', async (_how, how) => {
    const { state, reportId } = await stateWithReport();
    const before = tunnels();
    const { args, env } = how(proxy.url);
    const r = await runCli(['push', '--state', state, ...serverArgs(), ...args], env);
    expect(r.code).toBe(0);
    expect(received().get(reportId)).toHaveLength(1);
    expect(tunnels()).toBeGreaterThan(before);
  });

  it('NO_PROXY keeps the server off the proxy', async () => {
    const { state, reportId } = await stateWithReport();
    const before = tunnels();
    const r = await runCli(['push', '--state', state, ...serverArgs()], { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(r.code).toBe(0);
    expect(received().get(reportId)).toHaveLength(1);
    expect(tunnels()).toBe(before);
  });
});

describe('other ways out', () => {
  it.skipIf(!hasCommand('age'))('--uploader file writes DIR/<reportId>.json.gz.age, which age -d | gunzip opens', async () => {
    const { state, reportId } = await stateWithReport();
    const dest = temp('dest');
    const r = await runCli(['push', '--state', state, '--uploader', 'file', '--dest', dest, '--recipient', receiver.recipient]);
    expect(r.code).toBe(0);
    expect(readdirSync(dest)).toEqual([`${reportId}.json.gz.age`]);
    const out = spawnSync('sh', ['-c', `age -d -i "${receiver.identityFile}" "${join(dest, `${reportId}.json.gz.age`)}" | gunzip`], { encoding: 'utf8' });
    expect(JSON.parse(out.stdout).reportId).toBe(reportId);
  });

  it('--uploader stdout writes the sealed report alone on stdout', async () => {
    const { state, reportId } = await stateWithReport();
    const r = spawnSync(...cliCommand(['push', '--state', state, '--uploader', 'stdout', '--recipient', receiver.recipient]), { encoding: 'latin1' });
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('age-encryption.org/v1\n')).toBe(true);
    expect(r.stderr).toContain(`sent report ${reportId}`);
  });

  it('run --uploader stdout keeps the records off stdout: it carries the sealed report alone', async () => {
    const state = temp('run-stdout');
    const r = await runCli(['run', range, '--port', String(SIM_PORT), '--community', COMMUNITY, '--uploader', 'stdout', '--recipient', receiver.recipient, '--state', state, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('age-encryption.org/v1\n')).toBe(true);
    expect(r.stdout).not.toContain('"ip"');
  });

  it('a user module uploader receives the report and its result is reported', async () => {
    const { state, reportId } = await stateWithReport();
    const dir = temp('module');
    const module = join(dir, 'my-uploader.mjs');
    writeFileSync(
      module,
      `import { writeFileSync } from 'node:fs';
export const name = 'archive';
export async function upload(report, context) {
  if (!(context.signal instanceof AbortSignal)) throw new Error('no signal');
  writeFileSync(${JSON.stringify(dir)} + '/' + report.fileName, report.body);
  return { detail: 'archived ' + report.reportId + ' as ' + report.contentType };
}
`,
    );
    const r = await runCli(['push', '--state', state, '--uploader', module, '--recipient', receiver.recipient]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`archived ${reportId} as application/vnd.printscan.report+age`);
    expect(readdirSync(dir).sort()).toEqual([`${reportId}.json.gz.age`, 'my-uploader.mjs']);
  });

  it('a user module that never settles and ignores the signal is given up at --upload-timeout; the report stays', async () => {
    const { state } = await stateWithReport();
    const module = join(temp('stuck-module'), 'stuck.mjs');
    writeFileSync(module, `export async function upload() { return new Promise(() => {}); }\n`);
    const r = await runCli(['push', '--state', state, '--uploader', module, '--recipient', receiver.recipient, '--upload-timeout', '1500', '--upload-retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not delivered: no answer within 1500 ms/);
    expect(spooled(state)).toHaveLength(1);
  });

  it('--dest that cannot be created fails at once, exit 2, nothing sealed', async () => {
    const { state } = await stateWithReport();
    const r = await runCli(['push', '--state', state, '--uploader', 'file', '--dest', '/proc/printscan-nope', '--recipient', receiver.recipient]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dest "\/proc\/printscan-nope" cannot be created/);
    expect(spooled(state)).toEqual([]);
  });

  it.skipIf(!hasCommand('openssl'))('a server certificate from a private CA is trusted with --ca, and refused without it', async () => {
    const ca = makePrivateCa();
    const data = temp('ca-receiver');
    const { file, tokens } = writeTokens(data, ['site-ca']);
    const server = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: data, tokensFile: file, tls: { certFile: ca.serverCert, keyFile: ca.serverKey } });
    try {
      const { state, reportId } = await stateWithReport();
      const args = ['push', '--state', state, '--server', server.url, '--token', tokens['site-ca'], '--recipient', server.recipient];
      const untrusted = await runCli(args);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/not delivered: .*certificate not trusted .*--ca FILE adds a private CA/);
      expect(untrusted.stderr).not.toMatch(/trying again/);
      expect(spooled(state)).toHaveLength(1);
      const trusted = await runCli([...args, '--ca', ca.caCert]);
      expect(trusted.code).toBe(0);
      expect(readFileSync(join(data, 'reports.ndjson'), 'utf8')).toContain(reportId);
      expect(spooled(state)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('plain http only with --allow-http, and with a warning', async () => {
    const data = temp('http-receiver');
    const { file, tokens } = writeTokens(data, ['plain']);
    const plain = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: data, tokensFile: file, tls: 'none' });
    try {
      const { state, reportId } = await stateWithReport();
      const args = ['push', '--state', state, '--server', plain.url, '--token', tokens.plain];
      const refused = await runCli(args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/is plain http: reports and the token would travel readable \(use https:\/\/, or add --allow-http/);
      const r = await runCli([...args, '--allow-http']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/warning: --allow-http: the token travels readable to http:\/\/127\.0\.0\.1:\d+ \(reports stay sealed\)/);
      expect(readFileSync(join(data, 'reports.ndjson'), 'utf8')).toContain(reportId);
    } finally {
      await plain.close();
    }
  });

  it.each([
    [['--uploader', 'file'], /--uploader file needs --dest DIR/],
    [['--uploader', 'ftp'], /--uploader "ftp" is not https, file, stdout or a module path/],
    [['--uploader', './missing-uploader.js'], /cannot load uploader module/],
    [['--server', 'http://127.0.0.1:9', '--token', 't'], /is plain http/],
    [['--server', 'https://127.0.0.1:9'], /needs a token/],
    [['--uploader', 'file', '--dest', '/tmp', '--recipient', 'age1nope'], /is not an age X25519 recipient/],
    [[], /--uploader https needs --server URL and a token/],
  ])('push %j is refused before anything is sent: exit 2', async (args, message) => {
    const { state } = await stateWithReport();
    const r = await runCli(['push', '--state', state, ...args], { PRINTSCAN_SERVER: '', PRINTSCAN_TOKEN: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(spooled(state)).toEqual([]);
  });
});

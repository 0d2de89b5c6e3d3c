import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { freePort } from '../helpers/agents.js';
import { cliCommand, runCli, type CliResult } from '../helpers/cli.js';
import { writeTokens } from '../receive/helpers.js';

const SIM_BASE = '127.58.0.1';
const SILENT = '127.58.0.200';
const COMMUNITY = 'd0ct0r-c0mmunity-n0t-t0-leak';
const V3 = { name: 'doctor', authProtocol: 'sha256', authKey: 'auth-d0ct0r-n0t-t0-leak', privProtocol: 'aes', privKey: 'priv-d0ct0r-n0t-t0-leak' } as const;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-doctor-${name}-`));

let fleet: Fleet;
let receiver: ChildProcess;
let server: { url: string; ca: string; recipient: string };
let token: string;
let tokenFile: string;
let simPort: number;

/** `printscan receive` as a user starts it, serving a configuration whose range is the simulated fleet. */
async function startReceive(data: string, tokensFile: string, configFile: string): Promise<typeof server> {
  receiver = spawn(...cliCommand(['receive', '--listen', '127.0.0.1:0', '--data', data, '--self-signed', '--tokens', tokensFile, '--config', configFile]), { stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: receiver.stdout! });
    lines.once('line', resolve);
    receiver.once('exit', (code) => reject(new Error(`printscan receive exited with ${code}`)));
  });
  return JSON.parse(first) as typeof server;
}

beforeAll(async () => {
  simPort = await freePort(SIM_BASE);
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: SIM_BASE, port: simPort, layout: 'address', community: COMMUNITY, v3User: V3 });
  const dir = temp('receiver');
  const tokens = writeTokens(dir, ['site-a']);
  token = tokens.tokens['site-a'];
  tokenFile = join(dir, 'collector-token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const config = join(dir, 'config.json');
  const range = `${SIM_BASE}-${DEMO_FLEET_FILES.length}`;
  writeFileSync(config, JSON.stringify({ ranges: [{ targets: range, port: simPort, snmp: { version: '2c', communities: [COMMUNITY] } }] }));
  server = await startReceive(join(dir, 'data'), tokens.file, config);
});
afterAll(async () => {
  receiver?.kill('SIGTERM');
  await fleet?.close();
});

const lines = (r: CliResult) => r.stdout.trim().split('\n');
const failed = (r: CliResult) => lines(r).filter((l) => l.startsWith('FAIL'));

describe('printscan doctor against printscan receive and the simulator', () => {
  it('all is well: every line ok (or a skip), the server range answers, exit 0, no secret printed', async () => {
    const r = await runCli(['doctor', '--state', temp('state'), '--server', server.url, '--token-file', tokenFile, '--ca', server.ca]);
    expect(failed(r)).toEqual([]);
    expect(r.code).toBe(0);
    const byCheck = Object.fromEntries(lines(r).map((l) => [l.slice(6).split(':')[0], l]));
    for (const check of ['state', 'run lock', 'push lock', 'clock', 'server', 'tls', 'server clock', 'token', 'recipient', 'snmp']) expect(byCheck[check]).toMatch(/^ok {4}/);
    expect(byCheck.recipient).toContain(server.recipient.slice(0, 12));
    expect(byCheck.snmp).toMatch(new RegExp(`range 1 \\(${SIM_BASE.replace(/\./g, '\\.')}-\\d\\): 127\\.58\\.0\\.\\d+:${simPort} answers SNMP v2c`));
    for (const secret of [token, COMMUNITY]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('--json: the same checks for programs', async () => {
    const r = await runCli(['doctor', '--json', '--state', temp('state'), '--server', server.url, '--token-file', tokenFile, '--ca', server.ca]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; checks: { check: string; status: string; message: string }[] };
    expect(doc.ok).toBe(true);
    expect(doc.checks.map((c) => c.check)).toEqual(['state', 'run lock', 'push lock', 'clock', 'server', 'tls', 'server clock', 'token', 'recipient', 'snmp']);
  });

  it('an untrusted certificate (no --ca): tls named, exit 1', async () => {
    const r = await runCli(['doctor', '--state', temp('state'), '--server', server.url, '--token-file', tokenFile]);
    expect(r.code).toBe(1);
    expect(failed(r)).toEqual([expect.stringMatching(/^FAIL {2}tls: the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted .*--ca FILE/)]);
  });

  it('a server that is down: server named, token not checked, exit 1', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const r = await runCli(['doctor', '--state', temp('state'), '--server', `https://127.0.0.1:${port}`, '--token-file', tokenFile, '--ca', server.ca]);
    expect(r.code).toBe(1);
    expect(failed(r)).toEqual([expect.stringMatching(new RegExp(`^FAIL {2}server: cannot reach https://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`))]);
    expect(lines(r)).toContainEqual('skip  token: not checked: the server cannot be used');
  });

  it('a wrong token: token named, exit 1', async () => {
    const wrong = join(temp('token'), 'token');
    writeFileSync(wrong, 'not-the-token-of-any-collector\n');
    const r = await runCli(['doctor', '--state', temp('state'), '--server', server.url, '--token-file', wrong, '--ca', server.ca]);
    expect(r.code).toBe(1);
    expect(failed(r)[0]).toMatch(/^FAIL {2}token: https:\/\/127\.0\.0\.1:\d+ answered 401 .*--token-file/);
    expect(r.stdout).not.toContain('not-the-token');
  });

  it('a silent range: that range named, exit 1', async () => {
    const ranges = join(temp('ranges'), 'ranges.json');
    writeFileSync(ranges, JSON.stringify([{ targets: SILENT, port: simPort, snmp: { version: '2c', communities: [COMMUNITY] } }]));
    const r = await runCli(['doctor', '--state', temp('state'), '--server', server.url, '--token-file', tokenFile, '--ca', server.ca, '--ranges', ranges]);
    expect(r.code).toBe(1);
    expect(failed(r)).toEqual([expect.stringMatching(new RegExp(`^FAIL {2}snmp: range 1 \\(${SILENT.replace(/\./g, '\\.')}\\): none of 1 address answered SNMP v2c`))]);
    expect(r.stdout).not.toContain(COMMUNITY);
  });

  it.each([
    ['the right v3 keys: the first address answers, exit 0', V3.authKey, 0, /^ok {4}snmp: range 1 .* answers SNMP v3/],
    ['a wrong v3 authentication key: the failure named, exit 1', 'wr0ng-auth-key-n0t-t0-leak', 1, /^FAIL {2}snmp: range 1 .*: 127\.58\.0\.1 authFailed: .*check the range's credentials/],
  ])('%s', async (_what, authKey, code, snmpLine) => {
    const ranges = join(temp('ranges'), 'ranges.json');
    writeFileSync(ranges, JSON.stringify([{ targets: SIM_BASE, port: simPort, snmp: { version: '3', user: { ...V3, authKey } } }]));
    const r = await runCli(['doctor', '--state', temp('state'), '--ranges', ranges]);
    expect(r.code).toBe(code);
    expect(lines(r)).toContainEqual(expect.stringMatching(snmpLine));
    for (const secret of [authKey, V3.privKey]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('a wrong community on the command line: nothing answers, exit 1', async () => {
    const r = await runCli(['doctor', '--state', temp('state'), `${SIM_BASE}-2`, '--port', String(simPort), '--community', 'wrong-community']);
    expect(r.code).toBe(1);
    expect(failed(r)).toEqual([expect.stringMatching(/^FAIL {2}snmp: range 1 .*none of 2 addresses answered SNMP v1/)]);
  });

  it('an unwritable state directory: state named, exit 1', async () => {
    const file = join(temp('state-file'), 'a-file');
    writeFileSync(file, '');
    const r = await runCli(['doctor', '--state', join(file, 'state'), `${SIM_BASE}`, '--port', String(simPort), '--community', COMMUNITY]);
    expect(r.code).toBe(1);
    expect(failed(r)).toEqual([expect.stringMatching(/^FAIL {2}state: .*a-file\/state is not writable \(ENOTDIR\)/)]);
    expect(lines(r)).toContainEqual(expect.stringMatching(/^ok {4}snmp: range 1 .* answers SNMP v1/));
  });

  it('--uploader file without a recipient: recipient named, exit 1; with --recipient: exit 0', async () => {
    const state = temp('state');
    const without = await runCli(['doctor', '--state', state, '--uploader', 'file', '--dest', temp('dest')]);
    expect(without.code).toBe(1);
    expect(failed(without)).toEqual([expect.stringMatching(/^FAIL {2}recipient: no recipient to seal reports to: pass --recipient/)]);
    const given = await runCli(['doctor', '--state', state, '--uploader', 'file', '--dest', temp('dest'), '--recipient', server.recipient]);
    expect(given.code).toBe(0);
    expect(lines(given)).toContainEqual(expect.stringMatching(/^ok {4}recipient: age1.*\(given\)$/));
  });

  it('bad input: exit 2 before any check', async () => {
    const r = await runCli(['doctor', '--server', 'ftp://192.0.2.10', '--token-file', tokenFile]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^printscan: error: --server .* must be an https:\/\/ URL/);
  });
});

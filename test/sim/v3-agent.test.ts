import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { localizedKey, type AuthProtocol } from '../../src/sim/usm.js';
import { hasCommand } from '../helpers/agents.js';
import { ndjson, runCli, runProgram } from '../helpers/cli.js';

const USER = { name: 'fleet-ops', authProtocol: 'sha256' as const, authKey: 'auth-passphrase-1', privProtocol: 'aes' as const, privKey: 'priv-passphrase-1' };
let secure: Fleet;
let open: Fleet;
let PORT = '';

beforeAll(async () => {
  secure = await startFleet({ files: [...DEMO_FLEET_FILES], base: '127.50.0.1', port: 0, layout: 'address', v3User: USER });
  open = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: '127.50.1.1', port: secure.devices[0].port, layout: 'address', v3User: { name: 'reader' } });
  PORT = String(secure.devices[0].port);
});
afterAll(async () => {
  await secure?.close();
  await open?.close();
});

describe('USM keys', () => {
  // RFC 3414 A.3.1 and A.3.2: "maplesyrup" localized to engine 00…02
  it.each<[AuthProtocol, string]>([
    ['md5', '526f5eed9fcce26f8964c2930787d82b'],
    ['sha', '6695febc9288e36282235fc7151f128497b38f3f'],
  ])('%s localizes the RFC 3414 test password to the RFC result', (protocol, expected) => {
    expect(localizedKey(protocol, 'maplesyrup', Buffer.from('000000000000000000000002', 'hex')).toString('hex')).toBe(expected);
  });
});

const snmpget = (args: string[]) => runProgram('snmpget', ['-t', '1', '-r', '0', '-On', ...args]);

describe.skipIf(!hasCommand('snmpget'))("the simulator's SNMPv3, checked by Debian's snmpget", () => {
  it('authPriv (SHA-256, AES-128) answers with the recording', async () => {
    const r = await snmpget(['-v3', '-l', 'authPriv', '-u', USER.name, '-a', 'SHA-256', '-A', USER.authKey, '-x', 'AES', '-X', USER.privKey, `127.50.0.1:${PORT}`, '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.43.10.2.1.4.1.1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\.1\.3\.6\.1\.2\.1\.1\.5\.0 = STRING: "KM-PRN-ACCOUNTS"\n\.1\.3\.6\.1\.2\.1\.43\.10\.2\.1\.4\.1\.1 = Counter32: 48213\n$/);
  });

  it('noAuthNoPriv for a user without keys', async () => {
    const r = await snmpget(['-v3', '-l', 'noAuthNoPriv', '-u', 'reader', `127.50.1.1:${PORT}`, '1.3.6.1.2.1.1.5.0']);
    expect(r.stdout).toContain('"KM-PRN-ACCOUNTS"');
  });

  it.each([
    ['a wrong authentication key', ['-l', 'authPriv', '-u', USER.name, '-a', 'SHA-256', '-A', 'not-the-passphrase', '-x', 'AES', '-X', USER.privKey], /Authentication failure/],
    ['an unknown user', ['-l', 'authPriv', '-u', 'intruder', '-a', 'SHA-256', '-A', USER.authKey, '-x', 'AES', '-X', USER.privKey], /Unknown user name/],
    ['a lower security level than the user has', ['-l', 'noAuthNoPriv', '-u', USER.name], /Unsupported security level/],
  ])('refuses %s with the USM report', async (_what, args, message) => {
    const r = await snmpget(['-v3', ...args, `127.50.0.1:${PORT}`, '1.3.6.1.2.1.1.5.0']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('printscan over SNMPv3 against the simulator', () => {
  const v3 = ['--snmp-version', '3', '--user', USER.name, '--auth-protocol', 'sha256', '--auth-key', USER.authKey, '--priv-protocol', 'aes', '--priv-key', USER.privKey];

  it('scan finds and collects every imaging device, authPriv', async () => {
    const r = await runCli(['scan', '127.50.0.1-6', '--port', PORT, ...v3, '--ndjson', '--quiet', '--state', mkdtempSync(join(tmpdir(), 'printscan-v3-'))]);
    expect(r.code).toBe(0);
    const records = ndjson<{ model: string; snmpVersion: string; meters: Record<string, number> }>(r.stdout);
    expect(records.map((d) => d.model).sort()).toEqual(['ECOSYS P3145dn', 'IM C3000', 'WF-C5790 Series', 'ZT410-203dpi ZPL']);
    expect(records.every((d) => d.snmpVersion === '3')).toBe(true);
    expect(records.find((d) => d.model === 'IM C3000')?.meters.total).toBe(285114);
  });

  it('a wrong key is an authFailed problem, exit 1, and the key is never printed', async () => {
    const wrong = v3.map((a) => (a === USER.authKey ? 'wrong-passphrase-9' : a));
    const r = await runCli(['discover', '127.50.0.1', '--port', PORT, ...wrong, '--timeout', '2000', '--state', mkdtempSync(join(tmpdir(), 'printscan-v3-'))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`127\\.50\\.0\\.1:${PORT} authFailed`));
    expect(r.stderr + r.stdout).not.toContain('wrong-passphrase-9');
  });
});

/** A device found over SNMPv3 is never collected over v1/v2c behind the user's back. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';

const HOST = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.9`;
const USER = { name: 'fleet-reader', authProtocol: 'sha256' as const, authKey: 'v3-auth-key-4711', privProtocol: 'aes' as const, privKey: 'v3-priv-key-4711' };
let fleet: Fleet;
let state: string;
let v3: string[];

beforeAll(async () => {
  // The device also answers the community "public": a downgrade would succeed, and go unnoticed.
  fleet = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: HOST, port: 0, layout: 'address', community: 'public', v3User: USER });
  state = mkdtempSync(join(tmpdir(), 'printscan-collect-v3-'));
  const port = String(fleet.devices[0].port);
  v3 = ['--port', port, '--snmp-version', '3', '--user', USER.name, '--auth-protocol', 'sha256', '--auth-key', USER.authKey, '--priv-protocol', 'aes', '--priv-key', USER.privKey];
  const found = await runCli(['discover', HOST, ...v3, '--json', '--state', state, '--quiet']);
  expect(JSON.parse(found.stdout).devices).toEqual([expect.objectContaining({ ip: HOST, snmpVersion: '3' })]);
});
afterAll(async () => fleet?.close());

describe('collect after an SNMPv3 discover', () => {
  it('without v3 flags refuses in one line (exit 2) instead of asking over v1 public', async () => {
    const r = await runCli(['collect', '--port', String(fleet.devices[0].port), '--json', '--state', state, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/was found over SNMPv3 and no SNMPv3 credential is given; not asking over v1\/v2c instead \(add --snmp-version 3 --user NAME/);
  });

  it('with the v3 user it was found with collects over v3', async () => {
    const r = await runCli(['collect', ...v3, '--json', '--state', state, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).devices).toEqual([expect.objectContaining({ ip: HOST, snmpVersion: '3', errors: [] })]);
  });
});

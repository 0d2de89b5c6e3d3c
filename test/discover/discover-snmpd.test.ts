import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand, startSnmpd, type Snmpd } from '../helpers/agents.js';
import { ndjson, runCli } from '../helpers/cli.js';

const available = hasCommand('snmpd', 'snmpget');

const user = { name: 'psmonitor', authKey: 'auth-phrase-1', privKey: 'priv-phrase-1' };
const state = mkdtempSync(join(tmpdir(), 'printscan-test-state-'));
let agent: Snmpd;

beforeAll(async () => {
  if (available) agent = await startSnmpd('127.32.0.1', user);
});
afterAll(() => agent?.stop());

describe.skipIf(!available)('discover against Debian snmpd', () => {
  it('recognises a Linux host as not an imaging device and leaves it out', async () => {
    const r = await runCli(['discover', agent.host, '--port', String(agent.port), '--ndjson', '--state', state]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/1 answered, 0 imaging devices, 1 other host,/);
  });

  it('lists it with --all as kind "other"', async () => {
    const r = await runCli(['discover', agent.host, '--port', String(agent.port), '--ndjson', '--all', '--snmp-version', '2c', '--state', state]);
    expect(ndjson(r.stdout)).toEqual([expect.objectContaining({ ip: agent.host, kind: 'other', imaging: false, profile: 'net-snmp-host', snmpVersion: '2c' })]);
  });

  it('discovers over SNMPv3 authPriv (SHA-256, AES-128)', async () => {
    const r = await runCli([
      'discover', agent.host, '--port', String(agent.port), '--ndjson', '--all', '--state', state,
      '--snmp-version', '3', '--user', user.name, '--auth-protocol', 'sha256', '--auth-key', user.authKey, '--priv-protocol', 'aes', '--priv-key', user.privKey,
    ]);
    expect(r.code).toBe(0);
    const [device] = ndjson(r.stdout);
    expect(device).toMatchObject({ snmpVersion: '3', sysObjectID: '1.3.6.1.4.1.8072.3.2.10' });
    expect(device.sysDescr).toMatch(/^Linux /);
  });

  it('reports a wrong v3 key as authFailed, exit 1, and never echoes the key', async () => {
    const r = await runCli([
      'discover', agent.host, '--port', String(agent.port), '--json', '--state', state,
      '--snmp-version', '3', '--user', user.name, '--auth-protocol', 'sha256', '--auth-key', 'not-the-key-99', '--priv-protocol', 'aes', '--priv-key', user.privKey,
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toEqual([expect.objectContaining({ ip: agent.host, problem: 'authFailed' })]);
    expect(r.stdout + r.stderr).not.toMatch(/not-the-key-99|priv-phrase-1/);
  });
});

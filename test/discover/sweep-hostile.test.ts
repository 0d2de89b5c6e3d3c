import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, encodeOid, PduTag, tlv, type Message } from '../../src/snmp/ber.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';
import { ndjson, runCli } from '../helpers/cli.js';
import { startScriptedAgent, type Datagram, type Script } from '../helpers/scripted-agent.js';

// This file's loopback /16 (see discover-sim.test.ts): nothing else listens here.
const HOST = '127.61.0.1';
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const SYSTEM_OIDS = [SYS_DESCR, '1.3.6.1.2.1.1.2.0', SYS_NAME];
const text = (oid: string, value: string): Varbind => ({ oid, tag: Tag.OctetString, value: Buffer.from(value) });
const DEVICE: Varbind[] = [
  text(SYS_DESCR, 'Genuine Printer GP-100'),
  { oid: '1.3.6.1.2.1.1.2.0', tag: Tag.ObjectIdentifier, value: '1.3.6.1.4.1.99999.1' },
  text(SYS_NAME, 'PRN-GENUINE'),
  { oid: '1.3.6.1.2.1.25.3.2.1.2.1', tag: Tag.ObjectIdentifier, value: '1.3.6.1.2.1.25.3.1.5' },
  text('1.3.6.1.2.1.43.5.1.1.17.1', 'SER-0001'),
];
const FORGED = 'FORGED sysDescr';
/** Where a test needs a genuine answer to arrive, the wait is long: the machine may be loaded. (The last --timeout wins.) */
const PATIENT = ['--timeout', '3000'];

const isProbe = (m: Message) => m.pduTag === PduTag.GetRequest && m.varbinds.map((v) => v.oid).join() === SYSTEM_OIDS.join();
/** The genuine reply with its varbinds replaced (pre-encoded varbinds may carry values the encoder would refuse). */
const rewrite = (reply: Buffer, varbinds: (m: Message) => Array<Varbind | Buffer>): Buffer => {
  const m = decodeMessage(reply);
  return encodeMessage({ ...m, varbinds: varbinds(m) });
};
/** Applies `hostile` to the n-th sweep probe, answers everything else as a good agent would. */
const onProbes = (hostile: (reply: Buffer, n: number) => Datagram[]): Script => {
  let probes = 0;
  return (request, reply) => {
    if (!reply) return [];
    if (!isProbe(request)) return [reply];
    return hostile(reply, probes++);
  };
};

async function run(command: 'discover' | 'scan', script: Script, ...flags: string[]) {
  return runOn(DEVICE, command, script, ...flags);
}

async function runOn(device: Varbind[], command: 'discover' | 'scan', script: Script, ...flags: string[]) {
  const agent = await startScriptedAgent(HOST, device, script);
  try {
    const state = mkdtempSync(join(tmpdir(), 'printscan-hostile-'));
    const r = await runCli([command, HOST, '--port', String(agent.port), '--state', state, '--timeout', '1000', ...flags]);
    return { ...r, port: agent.port, probes: agent.requests.filter(isProbe).length };
  } finally {
    await agent.close();
  }
}

async function discover(script: Script, ...flags: string[]) {
  const r = await run('discover', script, '--json', '--quiet', ...flags);
  return { ...r, out: JSON.parse(r.stdout) as { devices: Record<string, unknown>[]; problems: Record<string, unknown>[]; summary: { discover: Record<string, number> } } };
}

// Each test has its own agent on its own port: they run side by side, most of their time is waiting.
describe.concurrent('the sweep against hostile answers, through the CLI', () => {
  it('refuses a reply with an extra, later sysDescr and takes the genuine retry', async () => {
    const r = await discover(onProbes((reply, n) => (n === 0 ? [rewrite(reply, (m) => [...m.varbinds, text(SYS_DESCR, FORGED)])] : [reply])), '--retries', '1', ...PATIENT);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('FORGED');
    expect(r.out.devices).toMatchObject([{ ip: HOST, sysDescr: 'Genuine Printer GP-100', sysName: 'PRN-GENUINE' }]);
    expect(r.probes).toBe(2);
  });

  it.each<[string, (m: Message) => Array<Varbind | Buffer>]>([
    ['an extra varbind', (m) => [...m.varbinds, text(SYS_DESCR, FORGED)]],
    ['a missing varbind', (m) => m.varbinds.slice(0, 2)],
    ['varbinds out of order', (m) => [...m.varbinds].reverse()],
    ['another OID in place of one asked', (m) => [text('1.3.6.1.2.1.1.4.0', FORGED), ...m.varbinds.slice(1)]],
  ])('reports a host that answers every probe with %s as malformedReply, exit 1', async (_name, varbinds) => {
    const r = await discover(onProbes((reply) => [rewrite(reply, varbinds)]), '--retries', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('FORGED');
    expect(r.out.devices).toEqual([]);
    expect(r.out.problems).toMatchObject([{ ip: HOST, problem: 'malformedReply', detail: expect.stringContaining('other than the ones asked') }]);
  });

  it('counts a duplicated reply once', async () => {
    const r = await discover((_request, reply) => (reply ? [reply, reply] : []), '--retries', '0', ...PATIENT);
    expect(r.code).toBe(0);
    expect(r.out.devices).toHaveLength(1);
    expect(r.out.summary.discover).toMatchObject({ responded: 1, devices: 1, problems: 0 });
  });

  it('ignores a reply from another port of the host, forged or not, and takes the genuine one', async () => {
    const forged = (reply: Buffer) => rewrite(reply, (m) => [text(SYS_DESCR, FORGED), ...m.varbinds.slice(1)]);
    const r = await discover(onProbes((reply) => [{ bytes: forged(reply), fromOtherPort: true }, reply]), '--retries', '0', ...PATIENT);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('FORGED');
    expect(r.out.devices).toMatchObject([{ sysDescr: 'Genuine Printer GP-100' }]);
    expect(r.out.summary.discover.unexpectedReplies).toBeGreaterThanOrEqual(1);
  });

  it('finds nothing at a host whose only answers come from another port', async () => {
    const r = await discover(onProbes((reply) => [{ bytes: reply, fromOtherPort: true }]), '--retries', '0');
    expect(r.code).toBe(0);
    expect(r.out.devices).toEqual([]);
    expect(r.out.summary.discover).toMatchObject({ responded: 0 });
    expect(r.out.summary.discover.unexpectedReplies).toBeGreaterThanOrEqual(1);
  });

  const counter32Above = (reply: Buffer) =>
    rewrite(reply, (m) => [...m.varbinds.slice(0, 2), tlv(0x30, Buffer.concat([tlv(Tag.ObjectIdentifier, encodeOid(SYS_NAME)), tlv(Tag.Counter32, Buffer.from('0100000005', 'hex'))]))]);

  it.each<[string, (reply: Buffer) => Buffer, string]>([
    ['bytes too broken to carry a request id', () => Buffer.from('ffff00deadbeef', 'hex'), 'not a valid SNMP message'],
    ['a truncated reply', (reply) => reply.subarray(0, reply.length - 3), 'not a valid SNMP message'],
    ['a reply with trailing junk', (reply) => Buffer.concat([reply, Buffer.from([0, 0])]), 'not a valid SNMP message'],
    ['a Counter32 above 2^32', counter32Above, 'not a valid SNMP message'],
    ['a Report PDU', (reply) => rewrite(reply, (m) => m.varbinds).fill(PduTag.Report, reply.indexOf(PduTag.GetResponse), reply.indexOf(PduTag.GetResponse) + 1), 'not a response'],
  ])('reports a host that answers the sweep only with %s as malformedReply, never a timeout, exit 1', async (_name, garble, detail) => {
    const r = await discover(onProbes((reply) => [garble(reply)]), '--retries', '1');
    expect(r.code).toBe(1);
    expect(r.out.devices).toEqual([]);
    expect(r.out.problems).toEqual([{ ip: HOST, port: r.port, problem: 'malformedReply', detail: expect.stringContaining(detail) }]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('cuts a 60 KB sysDescr to 1 KiB and says so in the record', async () => {
    const huge = [text(SYS_DESCR, 'Genuine Printer GP-100 ' + 'x'.repeat(60_000)), ...DEVICE.slice(1)];
    const r = await runOn(huge, 'discover', (_request, reply) => (reply ? [reply] : []), '--ndjson', '--quiet', '--retries', '1', ...PATIENT);
    expect(r.code).toBe(0);
    const [device] = ndjson(r.stdout);
    expect(device.sysDescr).toBe(('Genuine Printer GP-100 ' + 'x'.repeat(60_000)).slice(0, 1024));
    expect(device.truncated).toEqual(['sysDescr']);
  });

  it('reports a garbage-only host once when a lossy path earns the silent addresses another pass', async () => {
    // Ten hosts that answer only the retry make the path look lossy: the sweep passes over the silent
    // one (127.61.1.12, where nothing listens) again. The garbage host must not be swept, nor reported, twice.
    const first = await startScriptedAgent('127.61.1.1', DEVICE, onProbes((reply, n) => (n === 0 ? [] : [reply])));
    const agents = [first];
    try {
      for (let i = 2; i <= 10; i++) agents.push(await startScriptedAgent(`127.61.1.${i}`, DEVICE, onProbes((reply, n) => (n === 0 ? [] : [reply])), first.port));
      agents.push(await startScriptedAgent('127.61.1.11', DEVICE, onProbes(() => [Buffer.from('deadbeef', 'hex')]), first.port));
      const state = mkdtempSync(join(tmpdir(), 'printscan-hostile-'));
      const r = await runCli(['discover', '127.61.1.1-12', '--port', String(first.port), '--state', state, '--json', '--quiet', '--retries', '1', ...PATIENT]);
      const out = JSON.parse(r.stdout);
      expect(r.code).toBe(1);
      expect(out.devices).toHaveLength(10);
      expect(out.problems).toEqual([expect.objectContaining({ ip: '127.61.1.11', problem: 'malformedReply' })]);
      // the silent-address pass did run (two probes to each of 12 addresses in the first): else this proves nothing
      expect(out.summary.discover.probesSent).toBeGreaterThan(2 * 12);
    } finally {
      await Promise.all(agents.map((a) => a.close()));
    }
  });

  it('scan: a garbage-only host is a problem and the run exits 1', async () => {
    const r = await run('scan', onProbes(() => [Buffer.from('3003020100', 'hex')]), '--ndjson', '--retries', '0');
    expect(r.code).toBe(1);
    expect(ndjson(r.stdout)).toEqual([]);
    expect(r.stderr).toContain('malformedReply');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

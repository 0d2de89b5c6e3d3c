/**
 * Every CLI command that handles secrets, run with distinctive ones, then every byte the runs
 * wrote (stdout, stderr, state directories and their spools, the receiver's data directory)
 * searched for each: none may appear.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepReport } from '../../src/inventory/latest-report.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receive/server.js';
import { decodeMessage, encodeMessage, PduTag } from '../../src/snmp/ber.js';
import { bindResponder, type BoundResponder } from '../../src/snmp/server.js';
import { SimAgent } from '../../src/sim/agent.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { readRecording } from '../../src/snmp/recording.js';
import { freePort } from '../helpers/agents.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startFaultFront, type FaultFront } from '../helpers/fault-front.js';
import { bytesUnder, leaked } from '../helpers/secrets.js';
import { demoReport, writeTokens } from '../receive/helpers.js';

/** one free port, found at start, for every device (each on its own loopback address) */
let PORT: number;
const SECRET = {
  community: 'Fleet-C0mm-Secr3t-5521',
  /** tried first on every host, and wrong everywhere */
  wrongCommunity: 'Wr0ng-C0mm-Tried-7714',
  /** what one device answers with, whatever it was asked with */
  deviceCommunity: 'Dev1ce-Own-C0mm-4410',
  rangeCommunity: 'Range-C0mm-Secr3t-9090',
  authKey: 'V3-Auth-Secr3t-6631',
  privKey: 'V3-Priv-Secr3t-2208',
  wrongAuthKey: 'V3-Wr0ng-Auth-3377',
};
const HOST = { fleet: '127.49.0.1', fleetRange: '127.49.0.1-2', range: '127.49.1.1', v3: '127.49.2.1', wrongKey: '127.49.2.2', other: '127.49.3.1' };
const SYSTEM_OIDS = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.5.0'];

const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-secrets-${name}-`));
const inputs = temp('inputs');
/** collect works on the inventory scan left */
const states = { scan: temp('scan'), run: temp('run'), push: temp('push'), discover: temp('discover') };
const fleets: Fleet[] = [];
let other: BoundResponder;
let rewritten = 0;
let receiver: Receiver;
let front: FaultFront;
const receiverLog: ReceiverEvent[] = [];
let token: string;
let receiverDir: string;
const runs: Record<string, CliResult> = {};

/**
 * A printer that answers the sweep's system-group GET honestly, then every other request with
 * its own community: what makes net-snmp quote both communities in its error.
 */
async function otherCommunityDevice(): Promise<BoundResponder> {
  const agent = new SimAgent(new MibView(readRecording(DEMO_FLEET_FILES[1]!)), { community: SECRET.community });
  return bindResponder(HOST.other, PORT, (packet) => {
    const answer = agent.handle(packet);
    if (!answer) return undefined;
    const asked = decodeMessage(packet);
    const sweep = asked.pduTag === PduTag.GetRequest && asked.varbinds.map((vb) => vb.oid).join() === SYSTEM_OIDS.join();
    if (sweep) return answer;
    rewritten++;
    return { reply: encodeMessage({ ...decodeMessage(answer.reply), community: Buffer.from(SECRET.deviceCommunity) }), delayMs: 0 };
  });
}

function rangesFile(): string {
  const file = join(inputs, 'ranges.json');
  const user = (authKey: string) => ({ name: 'collector', authProtocol: 'sha256', authKey, privProtocol: 'aes', privKey: SECRET.privKey });
  writeFileSync(
    file,
    JSON.stringify([
      { targets: HOST.range, port: PORT, snmp: { version: '2c', communities: [SECRET.wrongCommunity, SECRET.rangeCommunity] } },
      { targets: HOST.v3, port: PORT, snmp: { version: '3', user: user(SECRET.authKey) } },
      { targets: HOST.wrongKey, port: PORT, snmp: { version: '3', user: user(SECRET.wrongAuthKey) } },
    ]),
  );
  return file;
}

beforeAll(async () => {
  PORT = await freePort(HOST.fleet);
  const v3User = { name: 'collector', authProtocol: 'sha256' as const, authKey: SECRET.authKey, privProtocol: 'aes' as const, privKey: SECRET.privKey };
  fleets.push(await startFleet({ files: DEMO_FLEET_FILES.slice(0, 2), base: HOST.fleet, port: PORT, layout: 'address', community: SECRET.community }));
  fleets.push(await startFleet({ files: DEMO_FLEET_FILES.slice(2, 3), base: HOST.range, port: PORT, layout: 'address', community: SECRET.rangeCommunity }));
  fleets.push(await startFleet({ files: DEMO_FLEET_FILES.slice(0, 2), base: HOST.v3, port: PORT, layout: 'address', community: 'v3-only-device', v3User }));
  other = await otherCommunityDevice();
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['site-s']);
  token = tokens['site-s']!;
  receiverDir = join(data, 'store');
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: receiverDir, tokensFile: file, tls: 'self-signed', log: (e) => receiverLog.push(e) });
  // A server (or something in between) that quotes the token back in its refusal.
  front = await startFaultFront({ url: receiver.url, caPath: receiver.caPath }, [{ status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `token ${token} is not known here` }) }]);

  const ranges = rangesFile();
  const snmp = ['--port', String(PORT), '--community', `${SECRET.wrongCommunity},${SECRET.community}`, '--timeout', '2000', '--retries', '0'];
  const server = ['--server', receiver.url, '--token', token, '--ca', receiver.caPath!];
  const v3 = ['--snmp-version', '3', '--user', 'collector', '--auth-protocol', 'sha256', '--priv-protocol', 'aes', '--priv-key', SECRET.privKey, '--port', String(PORT), '--timeout', '2000'];
  // Four independent chains at once: most of their time is spent waiting on the wrong community.
  await Promise.all([
    (async () => {
      runs.scan = await runCli(['scan', HOST.fleetRange, HOST.other, '--ranges', ranges, ...snmp, '--json', '--explain', '--state', states.scan, '--push', ...server]);
      runs.collect = await runCli(['collect', ...snmp, '--ranges', ranges, '--json', '--explain', '--state', states.scan]);
      runs.collectV3 = await runCli(['collect', '--device', HOST.v3, ...v3, '--auth-key', SECRET.authKey, '--json', '--state', states.scan]);
      runs.collectWrongKey = await runCli(['collect', '--device', HOST.v3, ...v3, '--auth-key', SECRET.wrongAuthKey, '--json', '--state', states.scan]);
    })(),
    (async () => {
      runs.discover = await runCli(['discover', HOST.fleetRange, HOST.other, HOST.range, ...snmp, '--community', SECRET.rangeCommunity, '--json', '--state', states.discover]);
    })(),
    (async () => {
      runs.run = await runCli(['run', HOST.fleetRange, HOST.other, '--ranges', ranges, ...snmp, '--now', 'discover', '--ndjson', '--state', states.run, ...server]);
    })(),
    (async () => {
      await keepReport(states.push, await demoReport(1), undefined);
      runs.push = await runCli(['push', '--state', states.push, '--upload-retries', '0', '--server', front.url, '--token', token, '--ca', front.caPath]);
      runs.status = await runCli(['push', '--status', '--json', '--state', states.push]);
    })(),
  ]);
});

afterAll(async () => {
  await front?.close();
  await receiver?.close();
  await other?.close();
  for (const f of fleets) await f.close();
});

describe('no secret in anything the CLI writes', () => {
  it('the runs did handle the secrets: devices read over each credential, a report received, the other community met, the token refused', () => {
    const scanned = JSON.parse(runs.scan!.stdout) as { devices: { ip: string }[]; problems: { ip: string; problem: string }[] };
    expect(scanned.devices.map((d) => d.ip).sort()).toEqual(['127.49.0.1', '127.49.0.2', HOST.range, HOST.v3].sort());
    expect(scanned.problems).toContainEqual(expect.objectContaining({ ip: HOST.wrongKey, problem: 'authFailed' }));
    expect(runs.scan!.stderr).toMatch(/push: 1 sent/);
    expect(rewritten).toBeGreaterThan(0);
    expect(front.seen.some((s) => s.method === 'POST' && s.authorization === `Bearer ${token}`)).toBe(true);
    expect(JSON.parse(runs.collectV3!.stdout).devices).toEqual([expect.objectContaining({ ip: HOST.v3, snmpVersion: '3', errors: [] })]);
    expect(JSON.parse(runs.collectWrongKey!.stdout).problems).toEqual([expect.objectContaining({ ip: HOST.v3, problem: 'authFailed' })]);
    expect(JSON.parse(runs.discover!.stdout).devices).toHaveLength(3);
    expect(runs.push!.code).toBe(1);
    expect(JSON.parse(runs.status!.stdout).waiting).toHaveLength(1);
  });

  it('stdout, stderr, state directories, spools and the receiver hold none of them', () => {
    const written = [
      ...Object.values(runs).flatMap((r) => [r.stdout, r.stderr]),
      ...Object.values(states).flatMap((dir) => bytesUnder(dir)),
      ...bytesUnder(receiverDir),
      JSON.stringify(receiverLog),
    ];
    expect(leaked(written, [...Object.values(SECRET), token])).toEqual([]);
  });
});

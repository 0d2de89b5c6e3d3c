/**
 * The request path against a hostile agent: answers that net-snmp would take or choke on end
 * as malformedReply, the v1 fallback cannot loop, and a budget stops a device that asks too much.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { PduTag } from '../../src/snmp/ber.js';
import { Budget } from '../../src/snmp/budget.js';
import { SnmpClient, SnmpRequestError } from '../../src/snmp/client.js';
import { UdpTransport, type SessionSocket } from '../../src/snmp/transport.js';
import type { Credential } from '../../src/targets/scan-range.js';
import { startHostileFront, type HostileFront, type Policy } from '../helpers/hostile-front.js';

const NET = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const MISSING = '1.3.6.1.4.1.64999.7.0';
let upstream: Fleet;
let transport: UdpTransport;
const fronts: HostileFront[] = [];

beforeAll(async () => {
  upstream = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: `${NET}.200`, port: 0, layout: 'address', v3User: { name: 'reader' } });
  transport = new UdpTransport();
});
afterAll(async () => {
  await Promise.all(fronts.map((f) => f.close()));
  await transport?.close();
  await upstream?.close();
});

async function clientBehind(policy: Policy, version: '1' | '2c' | '3', budget?: Budget) {
  const front = await startHostileFront(upstream.devices[0], `${NET}.${fronts.length + 1}`, 0, policy);
  fronts.push(front);
  const credential: Credential = version === '3' ? { version, user: 'reader' } : { version, community: 'public' };
  return { front, client: new SnmpClient(transport, { host: front.host, port: front.port, family: 4, credential, timeoutMs: 1000, retries: 0, budget }) };
}

async function failure(p: Promise<unknown>): Promise<SnmpRequestError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SnmpRequestError);
  return err as SnmpRequestError;
}

describe('the request path against a hostile agent', () => {
  it('v1: a GET failing with noSuchName whose GETNEXT fallback does not advance ends, in two requests', async () => {
    const { client } = await clientBehind(({ message }) => (message?.pduTag === PduTag.GetNextRequest ? 'stuckNext' : 'forward'), '1');
    const got = await client.get([SYS_DESCR, MISSING, SYS_NAME]);
    expect(got.size).toBe(0);
    expect(client.requests).toBe(2);
    client.close();
  });

  it('a GETNEXT answered with the OID asked is malformedReply, not a row', async () => {
    const { client } = await clientBehind(() => 'stuckNext', '2c');
    expect((await failure(client.getNext([SYS_DESCR]))).failure).toBe('malformedReply');
    expect((await failure(client.walkColumns(['1.3.6.1.2.1.43.11.1.1.9.1']))).failure).toBe('malformedReply');
    client.close();
  });

  it('a reply net-snmp chokes on, even past the screen, ends the request as malformedReply', async () => {
    const { client } = await clientBehind(() => 'report', '2c');
    // Without the screen net-snmp reads the v2c Report PDU and throws from its socket handler.
    const socket = (client as unknown as { socket: SessionSocket }).socket;
    socket.screen = undefined;
    const err = await failure(client.get([SYS_DESCR]));
    expect(err.failure).toBe('malformedReply');
    expect(err.message).toMatch(/could not process/);
    expect(socket.refused).toBe(1);
    client.close();
  });

  it.each(['randomBytes', 'truncate', 'oversizedLength'] as const)('SNMPv3: an engine that answers discovery, then with %s, is malformedReply', async (mutation) => {
    const { client } = await clientBehind(({ n }) => (n === 1 ? 'forward' : mutation), '3');
    const err = await failure(client.get([SYS_NAME]));
    expect(err.failure).toBe('malformedReply');
    expect(err.message).toMatch(/could not be used: a reply (that cannot be decoded|whose length)/);
    client.close();
  });

  it('SNMPv3 through the same front, untouched, answers', async () => {
    const { client } = await clientBehind(() => 'forward', '3');
    expect((await client.get([SYS_NAME])).size).toBe(1);
    client.close();
  });

  it('the request budget stops a device after its share of requests, and says which budget', async () => {
    const { client } = await clientBehind(() => 'forward', '2c', new Budget({ requests: 2, ms: 60_000 }, 'collect'));
    await client.get([SYS_DESCR]);
    await client.get([SYS_NAME]);
    const err = await failure(client.get([SYS_DESCR]));
    expect(err.failure).toBe('budgetExceeded');
    expect(err.message).toBe('request budget of 2 requests per device for collect spent');
    expect(client.requests).toBe(2);
    client.close();
  });
});

describe('a budget', () => {
  it.each<[string, { requests: number; ms: number }, number, RegExp | undefined]>([
    ['within both limits', { requests: 3, ms: 60_000 }, 3, undefined],
    ['past its requests', { requests: 3, ms: 60_000 }, 4, /request budget of 3 requests per device for identification spent/],
    ['past its time', { requests: 3, ms: 0 }, 1, /wall-clock budget of 0 s per device for identification spent/],
  ])('%s', (_name, limits, charges, why) => {
    const budget = new Budget(limits, 'identification');
    let last: string | undefined;
    for (let i = 0; i < charges; i++) last = budget.charge();
    expect(last).toEqual(why ? expect.stringMatching(why) : undefined);
  });
});

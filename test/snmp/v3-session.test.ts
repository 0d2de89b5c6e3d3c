import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimAgent } from '../../src/sim/agent.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { readRecording } from '../../src/snmp/recording.js';
import { decodeV3, FLAG_AUTH } from '../../src/sim/v3-message.js';
import { bindResponder, type BoundResponder } from '../../src/snmp/server.js';
import { SnmpClient, SnmpRequestError } from '../../src/snmp/client.js';
import { UdpTransport } from '../../src/snmp/transport.js';
import type { V3Credential } from '../../src/targets/scan-range.js';
import { SilentAfterDiscoveryError, v3Diagnosis } from '../../src/snmp/v3-session.js';

const USER = { name: 'ops', authProtocol: 'sha' as const, authKey: 'session-auth-1', privProtocol: 'aes' as const, privKey: 'session-priv-1' };
const HOST = '127.51.0.1';
/** answers engine discovery, then as many authenticated requests as `authenticatedAnswers` allows */
const MUTE = '127.51.0.2';
const ABSENT = '127.51.0.9';
let authenticatedAnswers = 0;
let mute: BoundResponder;
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
let fleet: Fleet;
let transport: UdpTransport;

beforeAll(async () => {
  fleet = await startFleet({ files: [DEMO_FLEET_FILES[0]!], base: HOST, port: 0, layout: 'address', v3User: USER });
  transport = new UdpTransport();
  const agent = new SimAgent(new MibView(readRecording(DEMO_FLEET_FILES[0]!)), { community: 'unused', v3User: USER });
  mute = await bindResponder(MUTE, fleet.devices[0]!.port, (packet) => {
    if ((decodeV3(packet).flags & FLAG_AUTH) === 0) return agent.handle(packet);
    return authenticatedAnswers-- > 0 ? agent.handle(packet) : undefined;
  });
});
afterAll(async () => {
  await mute?.close();
  await transport?.close();
  await fleet?.close();
});

function clientFor(credential: Partial<V3Credential>, host: string): SnmpClient {
  return new SnmpClient(transport, {
    host,
    port: fleet.devices[0]!.port,
    family: 4,
    credential: { version: '3', user: USER.name, authProtocol: 'sha', authKey: USER.authKey, privProtocol: 'aes', privKey: USER.privKey, ...credential },
    timeoutMs: 1500,
    retries: 0,
  });
}

/** One GET of sysName with this user, as discover and collect ask: the value or the failure. */
async function getWith(credential: Partial<V3Credential>, host = HOST): Promise<string | SnmpRequestError> {
  const client = clientFor(credential, host);
  try {
    return String((await client.get([SYS_NAME])).get(SYS_NAME)?.value);
  } catch (e) {
    if (e instanceof SnmpRequestError) return e;
    throw e;
  } finally {
    client.close();
  }
}

describe('SNMPv3 failures, told apart', () => {
  it('the right keys read the device', async () => {
    expect(await getWith({})).toBe('KM-PRN-ACCOUNTS');
  });

  it.each([
    ['a wrong privacy key', { privKey: 'not-the-priv-key' }],
    ['DES for an AES user', { privProtocol: 'des' as const }],
  ])('%s, reported by the agent (usmStatsDecryptionErrors), is named', async (_what, credential) => {
    expect(await getWith(credential)).toMatchObject({ failure: 'authFailed', message: expect.stringMatching(/usmStatsDecryptionErrors.*privacy key or privacy protocol is wrong/) });
  });

  it('an agent that answers discovery and then drops what it cannot decrypt (as snmpd does): the privacy key or protocol is probably wrong', async () => {
    authenticatedAnswers = 0;
    expect(await getWith({}, MUTE)).toMatchObject({
      failure: 'authFailed',
      message: expect.stringMatching(/engine discovery but not the authenticated request: the privacy key or privacy protocol is probably wrong \(also check des against aes\)/),
    });
  });

  it('once one authenticated request was answered, a later silence is a timeout', async () => {
    authenticatedAnswers = 1;
    const client = clientFor({}, MUTE);
    try {
      expect(String((await client.get([SYS_NAME])).get(SYS_NAME)?.value)).toBe('KM-PRN-ACCOUNTS');
      await expect(client.get([SYS_NAME])).rejects.toMatchObject({ failure: 'timeout' });
    } finally {
      client.close();
    }
  });

  it('a wrong auth key and an unknown user are named by their USM report', async () => {
    expect(await getWith({ authKey: 'not-the-auth-key' })).toMatchObject({ failure: 'authFailed', message: expect.stringMatching(/usmStatsWrongDigests/) });
    expect(await getWith({ user: 'nobody-here' } as Partial<V3Credential>)).toMatchObject({ failure: 'authFailed', message: expect.stringMatching(/usmStatsUnknownUserNames/) });
  });

  it('an address where nothing answers stays a timeout', async () => {
    expect(await getWith({}, ABSENT)).toMatchObject({ failure: 'timeout' });
  });
});

describe('v3Diagnosis', () => {
  const invalid = (message: string, code: number) => Object.assign(new Error(message), { name: 'ResponseInvalidError', code });
  it.each([
    [invalid('Unsupported Security Level', 5), /usmStatsUnsupportedSecLevels/],
    [invalid('Not In Time Window', 5), /usmStatsNotInTimeWindows/],
    [invalid('Decryption Error', 5), /usmStatsDecryptionErrors.*privacy key/],
    [invalid('Failed to decrypt PDU: bad length', 4), /answer could not be decrypted/],
    [new SilentAfterDiscoveryError('aes256'), /try --priv-protocol aes256r/],
    [new SilentAfterDiscoveryError('aes192r'), /try --priv-protocol aes192\)/],
    [new SilentAfterDiscoveryError(undefined), /does not allow this user without privacy/],
  ])('%s → %s', (err, expected) => {
    expect(v3Diagnosis(err)).toMatch(expected);
  });

  it.each([
    [invalid("Community 'x' in request does not match community 'y' in response", 10)],
    [Object.assign(new Error('Request timed out'), { name: 'RequestTimedOutError' })],
  ])('is not a v3 security failure: %s', (err) => {
    expect(v3Diagnosis(err)).toBeUndefined();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { SnmpClient } from '../../src/snmp/client.js';
import { UdpTransport } from '../../src/snmp/transport.js';

const X = '1.3.6.1.4.1.64999.1';
const RECORDING = [
  '1.3.6.1.2.1.1.1.0|4|v1 test device',
  '1.3.6.1.2.1.1.5.0|4|name-1',
  `${X}.9.1|2|91`, // an entry inside the subtree of 9, just before 10
  `${X}.10|2|10`,
  `${X}.20.0|2|200`,
].join('\n');

let fleet: Fleet;
let transport: UdpTransport;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'printscan-v1-'));
  writeFileSync(join(dir, 'device.snmprec'), RECORDING + '\n');
  fleet = await startFleet({ files: [join(dir, 'device.snmprec')], base: '127.53.0.1', port: 0, layout: 'address' });
  transport = new UdpTransport();
});
afterAll(async () => {
  await transport?.close();
  await fleet?.close();
});

const client = () =>
  new SnmpClient(transport, { host: '127.53.0.1', port: fleet.devices[0].port, family: 4, credential: { version: '1', community: 'public' }, timeoutMs: 2000, retries: 1 });

describe('SNMPv1 answers a whole PDU with noSuchName for one missing OID', () => {
  it('a GET with several missing OIDs costs one GETNEXT more, not one request per missing OID', async () => {
    const c = client();
    const got = await c.get(['1.3.6.1.2.1.1.5.0', `${X}.1.0`, `${X}.20.0`, `${X}.2.0`, `${X}.3.0`, '1.3.6.1.2.1.1.1.0']);
    expect([...got.keys()].sort()).toEqual(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0', `${X}.20.0`]);
    expect(got.get(`${X}.20.0`)?.value).toBe(200);
    expect(c.requests).toBe(2);
    c.close();
  });

  it('an OID whose predecessor has entries of its own is asked again by GET, and found', async () => {
    const c = client();
    const got = await c.get([`${X}.10`, `${X}.5.0`]);
    expect(got.get(`${X}.10`)?.value).toBe(10);
    expect(got.has(`${X}.5.0`)).toBe(false);
    expect(c.requests).toBe(3);
    c.close();
  });

  it('a GETNEXT that runs off the end of the MIB ends every later OID with it, in one more request', async () => {
    const c = client();
    const next = await c.getNext(['1.3.6.1.2.1.1.1.0', `${X}.20.0`, `${X}.30`, `${X}.40`]);
    expect(next.map((vb) => vb?.oid)).toEqual(['1.3.6.1.2.1.1.5.0', undefined, undefined, undefined]);
    expect(c.requests).toBe(2);
    c.close();
  });
});

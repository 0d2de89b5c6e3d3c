import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, PduTag } from '../../src/snmp/ber.js';
import { SimAgent } from '../../src/sim/agent.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { isV3 } from '../../src/sim/v3-message.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';
import { mutate, mutation } from '../helpers/fuzz.js';

const DEVICE: Varbind[] = [
  { oid: '1.3.6.1.2.1.1.1.0', tag: Tag.OctetString, value: Buffer.from('Fuzz Printer') },
  { oid: '1.3.6.1.2.1.1.3.0', tag: Tag.TimeTicks, value: 4242 },
  { oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', tag: Tag.Counter32, value: 4294967295 },
  { oid: '1.3.6.1.2.1.31.1.1.1.6.1', tag: Tag.Counter64, value: 2n ** 64n - 1n },
];
const USER = { name: 'fuzz-user', authProtocol: 'sha256' as const, authKey: 'auth-passphrase-9', privProtocol: 'aes' as const, privKey: 'priv-passphrase-9' };

const oid = fc.oneof(
  fc.constantFrom(...DEVICE.map((v) => v.oid), '1.3', '1.3.6.1.2.1.1', '2.999'),
  fc.array(fc.nat(2000), { minLength: 1, maxLength: 10 }).map((a) => '1.3.' + a.join('.')),
);
const request = fc
  .record({
    version: fc.constantFrom(0, 1, 3),
    community: fc.constantFrom('public', 'other'),
    pduTag: fc.constantFrom(PduTag.GetRequest, PduTag.GetNextRequest, PduTag.GetBulkRequest, PduTag.GetResponse, PduTag.Report, 0xa3),
    requestId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    errorStatus: fc.integer({ min: -5, max: 2 ** 31 - 1 }),
    errorIndex: fc.integer({ min: -5, max: 2 ** 31 - 1 }),
    oids: fc.array(oid, { maxLength: 6 }),
  })
  .map(({ oids, community, ...m }) => encodeMessage({ ...m, community: Buffer.from(community), varbinds: oids.map((o) => ({ oid: o, tag: Tag.Null, value: null })) }));

describe('the simulator under fuzzing', () => {
  it('answers any packet or stays silent, never throws, and every v1/v2c answer is a valid message', () => {
    const agent = new SimAgent(new MibView(DEVICE), { community: 'public', v3User: USER });
    fc.assert(
      fc.property(request, fc.array(mutation, { maxLength: 3 }), (bytes, ms) => {
        const answer = agent.handle(ms.reduce(mutate, bytes));
        if (answer && !isV3(answer.reply)) expect(() => decodeMessage(answer.reply)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerError, decodeMessage, encodeMessage, peekRequestId, PduTag, type Message } from '../../src/snmp/ber.js';
import { checkReply } from '../../src/snmp/sweep-reply.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';
import { mutate, mutation } from '../helpers/fuzz.js';

const MAX_UINT32 = 2 ** 32 - 1;

const arc = fc.oneof(fc.nat(200), fc.integer({ min: 0, max: MAX_UINT32 }), fc.constantFrom(0, 127, 128, 16383, 16384, 2 ** 31, MAX_UINT32));
const oid = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.array(arc, { minLength: 1, maxLength: 12 }))
  .map(([first, [second, ...rest]]) => [first, first < 2 ? second % 40 : second, ...rest].join('.'));

const value: fc.Arbitrary<Omit<Varbind, 'oid'>> = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => ({ tag: Tag.Integer, value: v })),
  fc.uint8Array({ maxLength: 64 }).map((b) => ({ tag: Tag.OctetString, value: Buffer.from(b) })),
  fc.uint8Array({ maxLength: 16 }).map((b) => ({ tag: Tag.Opaque, value: Buffer.from(b) })),
  oid.map((v) => ({ tag: Tag.ObjectIdentifier, value: v })),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => ({ tag: Tag.IpAddress, value: o.join('.') })),
  fc.tuple(fc.constantFrom(Tag.Counter32, Tag.Gauge32, Tag.TimeTicks), fc.integer({ min: 0, max: MAX_UINT32 })).map(([tag, v]) => ({ tag, value: v })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => ({ tag: Tag.Counter64, value: v })),
  fc.constantFrom(Tag.Null, Tag.NoSuchObject, Tag.NoSuchInstance, Tag.EndOfMibView).map((tag) => ({ tag, value: null })),
);

const message: fc.Arbitrary<Message> = fc.record({
  version: fc.constantFrom(0, 1),
  community: fc.uint8Array({ maxLength: 32 }).map((b) => Buffer.from(b)),
  pduTag: fc.constantFrom(PduTag.GetRequest, PduTag.GetNextRequest, PduTag.GetResponse, PduTag.GetBulkRequest, PduTag.Report),
  requestId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  errorStatus: fc.integer({ min: 0, max: 18 }),
  errorIndex: fc.integer({ min: 0, max: 100 }),
  varbinds: fc.array(fc.tuple(oid, value).map(([o, v]) => ({ oid: o, ...v })), { maxLength: 8 }),
});

/** Decodes untrusted bytes: a BerError, or a message whose every OID arc and value fits SNMP's types. */
function decodeOrRefuse(bytes: Buffer): Message | undefined {
  let m: Message;
  try {
    m = decodeMessage(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(BerError);
    return undefined;
  }
  for (const vb of m.varbinds) {
    for (const o of [vb.oid, ...(vb.tag === Tag.ObjectIdentifier ? [vb.value as string] : [])]) {
      expect(o).toMatch(/^[0-2](\.\d+)+$/);
      for (const a of o.split('.')) expect(Number(a)).toBeLessThanOrEqual(MAX_UINT32);
    }
    if (vb.tag === Tag.Counter32 || vb.tag === Tag.Gauge32 || vb.tag === Tag.TimeTicks) expect(vb.value as number).toBeLessThanOrEqual(MAX_UINT32);
    if (vb.tag === Tag.Integer) expect(Math.abs(vb.value as number)).toBeLessThanOrEqual(2 ** 31);
    if (vb.tag === Tag.Counter64) expect(vb.value as bigint).toBeLessThanOrEqual(2n ** 64n - 1n);
  }
  return m;
}

describe('BER decoder under fuzzing', () => {
  it('round-trips every valid message', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: 1500 },
    );
  });

  it('throws nothing but BerError on random bytes, and whatever it accepts fits SNMP types', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // a plausible start, then noise: gets past the first headers
      fc.uint8Array({ maxLength: 120 }).map((b) => Uint8Array.from([0x30, b.length + 3, 0x02, 0x01, 0x01, ...b])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const buf = Buffer.from(b);
        decodeOrRefuse(buf);
        try {
          peekRequestId(buf);
        } catch (e) {
          expect(e).toBeInstanceOf(BerError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('throws nothing but BerError on damaged valid messages, and whatever it accepts fits SNMP types', () => {
    fc.assert(
      fc.property(message, fc.array(mutation, { minLength: 1, maxLength: 3 }), (m, ms) => {
        decodeOrRefuse(ms.reduce(mutate, encodeMessage(m)));
      }),
      { numRuns: 3000 },
    );
  });

  it('never lets the sweep reply check throw', () => {
    const probe = { version: 1 as const, community: Buffer.from('public'), oids: ['1.3.6.1.2.1.1.1.0'] };
    fc.assert(
      fc.property(message, fc.array(mutation, { maxLength: 2 }), (m, ms) => {
        const verdict = checkReply(ms.reduce(mutate, encodeMessage(m)), probe);
        expect(typeof verdict === 'number' || typeof verdict === 'object').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { encodeMessage, PduTag, tlv } from '../../src/snmp/ber.js';
import { screenFor } from '../../src/snmp/screen.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';
import { type Credential } from '../../src/targets/scan-range.js';
import { rawOid } from '../helpers/hostile-front.js';

const V2C: Credential = { version: '2c', community: 'public' };
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';

function reply(over: { pduTag?: number; community?: string; varbinds?: (Varbind | Buffer)[] } = {}): Buffer {
  return encodeMessage({
    version: 1,
    community: Buffer.from(over.community ?? 'public'),
    pduTag: over.pduTag ?? PduTag.GetResponse,
    requestId: 77,
    errorStatus: 0,
    errorIndex: 0,
    varbinds: over.varbinds ?? [{ oid: SYS_DESCR, tag: Tag.OctetString, value: Buffer.from('a printer') }],
  });
}

const withOid = (arcs: bigint[]) => reply({ varbinds: [tlv(0x30, Buffer.concat([rawOid(arcs), tlv(Tag.Null, Buffer.alloc(0))]))] });
const withOidValue = (arcs: bigint[]) => reply({ varbinds: [tlv(0x30, Buffer.concat([rawOid([1n, 3n, 6n, 1n, 2n, 1n, 1n, 2n, 0n]), rawOid(arcs)]))] });
const good = reply();

describe('the screen in front of net-snmp', () => {
  it.each<[string, Buffer]>([
    ['a plain Response', good],
    ['an arc of 2^32 - 1', withOid([1n, 3n, 6n, 1n, 4n, 1n, 0xffffffffn])],
    ['a first subidentifier of 2.(2^32 - 1)', withOid([2n, 0xffffffffn, 1n])],
    ['a GETNEXT answer of endOfMibView', reply({ varbinds: [{ oid: SYS_DESCR, tag: Tag.EndOfMibView, value: null }] })],
  ])('passes %s', (_name, msg) => {
    expect(screenFor(V2C)(msg)).toBeUndefined();
  });

  it.each<[string, Buffer, RegExp]>([
    ['a Report PDU', reply({ pduTag: PduTag.Report }), /type 0xa8/],
    ['a request echoed back', reply({ pduTag: PduTag.GetRequest }), /type 0xa0/],
    ['another community', reply({ community: 'private' }), /another community/],
    ['an arc of 2^32 (read as 0 where arcs wrap)', withOid([1n, 3n, 6n, 1n, 4n, 1n, 1n << 32n]), /beyond 2\^32/],
    ['an arc of 2^70', withOid([1n, 3n, 6n, 1n, 1n << 70n]), /beyond 2\^32/],
    ['an OID value with an arc past 32 bits', withOidValue([1n, 3n, 6n, 1n, 4n, 1n, (1n << 32n) + 11n]), /beyond 2\^32/],
    ['an unterminated last arc', Buffer.from(good.toString('hex').replace('06082b06010201010100', '06082b06010201010181'), 'hex'), /not terminated/],
    ['trailing junk after the message', Buffer.concat([good, Buffer.from([0, 0])]), /length/],
    ['a length past the end', Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), good.subarray(2)]), /length|decoded/],
    ['half a reply', good.subarray(0, good.length >> 1), /length|decoded/],
    ['a value tag nobody defined', reply({ varbinds: [tlv(0x30, Buffer.concat([rawOid([1n, 3n, 6n, 1n]), Buffer.from([0x4f, 0x01, 0x00])]))] }), /decoded/],
    ['an SNMPv3 message to a community request', tlv(0x30, Buffer.concat([Buffer.from([Tag.Integer, 1, 3]), tlv(0x30, Buffer.from('020101020100040100020103', 'hex'))])), /SNMPv3/],
    ['nesting deeper than any SNMP message', (() => { let b = rawOid([1n, 3n]); for (let i = 0; i < 40; i++) b = tlv(0x30, b); return b; })(), /too deep/],
    ['nothing at all', Buffer.alloc(0), /decoded/],
  ])('refuses %s', (_name, msg, why) => {
    expect(screenFor(V2C)(msg)).toMatch(why);
  });

  it('refuses a community reply to an SNMPv3 request', () => {
    expect(screenFor({ version: '3', user: 'u' })(good)).toMatch(/community reply/);
  });
});

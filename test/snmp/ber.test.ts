import { describe, expect, it } from 'vitest';
import { buildGetTemplate, decodeMessage, encodeMessage, encodeOid, decodeOid, peekRequestId, PduTag, BerError, tlv } from '../../src/snmp/ber.js';
import { Tag, octetsToText, type Varbind } from '../../src/snmp/types.js';

describe('BER codec', () => {
  it.each([
    ['1.3.6.1.2.1.1.1.0'],
    ['1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.8.0'],
    ['2.999.1'],
    ['1.3.6.1.4.1.4294967295'],
  ])('round-trips OID %s', (oid) => {
    const body = encodeOid(oid);
    expect(decodeOid(body, 0, body.length)).toBe(oid);
  });

  it.each<[string, Varbind]>([
    ['negative integer', { oid: '1.3.6.1.2.1.43.11.1.1.9.1.1', tag: Tag.Integer, value: -3 }],
    ['zero', { oid: '1.3.6.1.2.1.1.7.0', tag: Tag.Integer, value: 0 }],
    ['int32 max', { oid: '1.3.6.1.2.1.1.7.0', tag: Tag.Integer, value: 2147483647 }],
    ['int32 min', { oid: '1.3.6.1.2.1.1.7.0', tag: Tag.Integer, value: -2147483648 }],
    ['counter with high bit', { oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', tag: Tag.Counter32, value: 4294967295 }],
    ['gauge', { oid: '1.3.6.1.2.1.2.2.1.5.1', tag: Tag.Gauge32, value: 1000000000 }],
    ['timeticks', { oid: '1.3.6.1.2.1.1.3.0', tag: Tag.TimeTicks, value: 8640012 }],
    ['counter64', { oid: '1.3.6.1.2.1.31.1.1.1.6.1', tag: Tag.Counter64, value: 18446744073709551615n }],
    ['octets', { oid: '1.3.6.1.2.1.1.5.0', tag: Tag.OctetString, value: Buffer.from('PRN-1\u0000') }],
    ['oid value', { oid: '1.3.6.1.2.1.1.2.0', tag: Tag.ObjectIdentifier, value: '1.3.6.1.4.1.367.1.1' }],
    ['ip address', { oid: '1.3.6.1.2.1.4.20.1.1.127.0.0.1', tag: Tag.IpAddress, value: '127.0.0.1' }],
    ['noSuchObject', { oid: '1.3.6.1.2.1.1.9.0', tag: Tag.NoSuchObject, value: null }],
  ])('round-trips a %s', (_name, vb) => {
    const msg = encodeMessage({ version: 1, community: Buffer.from('public'), pduTag: PduTag.GetResponse, requestId: 1234, errorStatus: 0, errorIndex: 0, varbinds: [vb] });
    const back = decodeMessage(msg);
    expect(back.varbinds).toEqual([vb]);
    expect(back.requestId).toBe(1234);
  });

  it('puts the request id of a probe template where it can be patched', () => {
    const t = buildGetTemplate(0, 'public', ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0']);
    const probe = Buffer.from(t.bytes);
    probe.writeUInt32BE(0x5a5a5a5a, t.requestIdOffset);
    expect(peekRequestId(probe)).toBe(0x5a5a5a5a);
    const m = decodeMessage(probe);
    expect(m.pduTag).toBe(PduTag.GetRequest);
    expect(m.varbinds.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0']);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['truncated', Buffer.from('302902010004067075626c6963a01c02', 'hex')],
    ['not a sequence', Buffer.from('020100', 'hex')],
    ['length past end', Buffer.from('30ff', 'hex')],
  ])('rejects %s input', (_name, buf) => {
    expect(() => decodeMessage(buf)).toThrow(BerError);
  });

  it.each([
    ['NUL padded', Buffer.from('Ready\u0000\u0000'), 'Ready'],
    ['UTF-8', Buffer.from('Bereit – Füllstand', 'utf8'), 'Bereit – Füllstand'],
    ['Latin-1', Buffer.from([0x50, 0x61, 0x70, 0x69, 0x65, 0x72, 0x20, 0x76, 0xe9, 0x72, 0x69, 0x66]), 'Papier vérif'],
  ])('decodes %s text', (_name, buf, text) => {
    expect(octetsToText(buf)).toBe(text);
  });

  it.each([
    ['an arc of 2^32', '2b9080808000', 'OID arc above'],
    ['an arc past 2^53 (float form once)', '2b' + 'ff'.repeat(9) + '7f', 'OID arc above'],
    ['an unterminated last arc', '2b0601048f', 'ends inside an arc'],
    ['a leading zero byte in an arc (an alias of arc 1)', '2b06018001', 'leading zero'],
  ])('rejects an OID with %s', (_name, hex, message) => {
    const body = Buffer.from(hex, 'hex');
    expect(() => decodeOid(body, 0, body.length)).toThrow(message);
  });

  it('accepts the largest arc, and the first arcs of 2.(2^32-1)', () => {
    const body = encodeOid('2.4294967295.4294967295');
    expect(decodeOid(body, 0, body.length)).toBe('2.4294967295.4294967295');
  });

  it.each(['1.3.6.1.4294967296', '1.40.1', '3.1', '1.3.1e+21'])('refuses to encode OID %s', (oid) => {
    expect(() => encodeOid(oid)).toThrow(BerError);
  });

  const OID = tlv(Tag.ObjectIdentifier, encodeOid('1.3.6.1.2.1.1.1.0'));
  const withValue = (value: Buffer) => response([tlv(0x30, Buffer.concat([OID, value]))]);
  function response(varbinds: Buffer[]): Buffer {
    return encodeMessage({ version: 1, community: Buffer.from('public'), pduTag: PduTag.GetResponse, requestId: 7, errorStatus: 0, errorIndex: 0, varbinds });
  }

  it.each([
    ['Counter32 of 2^32', tlv(Tag.Counter32, Buffer.from('0100000000', 'hex'))],
    ['Gauge32 of 2^40', tlv(Tag.Gauge32, Buffer.from('010000000000', 'hex'))],
    ['TimeTicks of 2^32', tlv(Tag.TimeTicks, Buffer.from('0100000000', 'hex'))],
    ['Counter64 of 2^64', tlv(Tag.Counter64, Buffer.from('010000000000000000', 'hex'))],
    ['Integer32 of 2^31', tlv(Tag.Integer, Buffer.from('0080000000', 'hex'))],
    ['Integer32 below -2^31', tlv(Tag.Integer, Buffer.from('ff7fffffff', 'hex'))],
    ['Null with content', tlv(Tag.Null, Buffer.from('00', 'hex'))],
    ['an empty Counter32', tlv(Tag.Counter32, Buffer.alloc(0))],
    ['an IpAddress of 5 bytes', tlv(Tag.IpAddress, Buffer.from('7f00000101', 'hex'))],
  ])('rejects a value out of its tag\'s range: %s', (_name, value) => {
    expect(() => decodeMessage(withValue(value))).toThrow(BerError);
  });

  it.each<[string, Buffer, number | bigint]>([
    ['Counter32 of 2^32-1 with a zero pad', tlv(Tag.Counter32, Buffer.from('00ffffffff', 'hex')), 4294967295],
    ['Counter32 sent without its sign byte', tlv(Tag.Counter32, Buffer.from('ffffffff', 'hex')), 4294967295],
    ['Counter64 of 2^64-1', tlv(Tag.Counter64, Buffer.from('00ffffffffffffffff', 'hex')), 18446744073709551615n],
    ['Integer32 of -2^31', tlv(Tag.Integer, Buffer.from('80000000', 'hex')), -2147483648],
  ])('accepts the edge of a range: %s', (_name, value, expected) => {
    expect(decodeMessage(withValue(value)).varbinds[0].value).toBe(expected);
  });

  it('rejects bytes after the end of the message', () => {
    const good = withValue(tlv(Tag.Integer, Buffer.from([1])));
    expect(decodeMessage(good).varbinds).toHaveLength(1);
    expect(() => decodeMessage(Buffer.concat([good, Buffer.from([0])]))).toThrow('after the end');
  });

  it('rejects a varbind whose length runs past its list into the next TLV', () => {
    // a varbind claiming one byte more than its list holds: the PDU is one byte longer, the list is not
    const vb = tlv(0x30, Buffer.concat([OID, tlv(Tag.Integer, Buffer.from([1]))]));
    const list = tlv(0x30, vb);
    const body = Buffer.concat([tlv(Tag.Integer, Buffer.from([7])), tlv(Tag.Integer, Buffer.from([0])), tlv(Tag.Integer, Buffer.from([0])), list]);
    const bad = Buffer.from(body);
    bad[bad.length - vb.length + 1]++; // varbind length + 1
    const pdu = tlv(PduTag.GetResponse, Buffer.concat([bad, Buffer.from([0])]));
    const msg = tlv(0x30, Buffer.concat([tlv(Tag.Integer, Buffer.from([1])), tlv(Tag.OctetString, Buffer.from('public')), pdu]));
    expect(() => decodeMessage(msg)).toThrow(BerError);
  });
});

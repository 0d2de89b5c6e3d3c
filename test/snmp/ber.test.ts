import { describe, expect, it } from 'vitest';
import { buildGetTemplate, decodeMessage, encodeMessage, encodeOid, decodeOid, peekRequestId, PduTag, BerError } from '../../src/snmp/ber.js';
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
});

import { describe, expect, it } from 'vitest';
import { encodeMessage, PduTag, type Message } from '../../src/snmp/ber.js';
import { checkReply, UNUSABLE_REPLIES } from '../../src/snmp/sweep-reply.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';

const OIDS = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.5.0'];
const probe = { version: 1 as const, community: Buffer.from('public'), oids: OIDS };
const vb = (oid: string, value = 'x'): Varbind => ({ oid, tag: Tag.OctetString, value: Buffer.from(value) });
const reply = (over: Partial<Message> = {}) =>
  encodeMessage({ version: 1, community: Buffer.from('public'), pduTag: PduTag.GetResponse, requestId: 0x40000001, errorStatus: 0, errorIndex: 0, varbinds: OIDS.map((o) => vb(o)), ...over });

describe('checkReply', () => {
  it('takes the reply that echoes the probe', () => {
    const m = checkReply(reply(), probe);
    expect(typeof m).toBe('object');
    expect((m as Message).varbinds.map((v) => v.oid)).toEqual(OIDS);
  });

  it.each<[string, Partial<Message>]>([
    ['an error with no varbinds (tooBig)', { errorStatus: 1, varbinds: [] }],
    ['an error echoing the request (v1 noSuchName)', { errorStatus: 2, errorIndex: 3 }],
  ])('takes %s: it carries no value', (_name, over) => {
    expect(typeof checkReply(reply(over), probe)).toBe('object');
  });

  it.each<[string, Buffer, number]>([
    ['garbage', Buffer.from('deadbeef', 'hex'), 0],
    ['trailing junk', Buffer.concat([reply(), Buffer.from([5, 0])]), 0],
    ['a Report PDU', reply({ pduTag: PduTag.Report }), 1],
    ['a GetRequest echoed back', reply({ pduTag: PduTag.GetRequest }), 1],
    ['another version', reply({ version: 0 }), 1],
    ['another community', reply({ community: Buffer.from('private') }), 1],
    ['an extra varbind (a later duplicate)', reply({ varbinds: [...OIDS.map((o) => vb(o)), vb(OIDS[0], 'forged')] }), 2],
    ['a missing varbind', reply({ varbinds: OIDS.slice(1).map((o) => vb(o)) }), 2],
    ['reordered varbinds', reply({ varbinds: [...OIDS].reverse().map((o) => vb(o)) }), 2],
    ['an OID not asked', reply({ varbinds: [vb('1.3.6.1.2.1.1.4.0'), ...OIDS.slice(1).map((o) => vb(o))] }), 2],
    ['no varbinds without an error', reply({ varbinds: [] }), 2],
    ['an error with varbinds not asked', reply({ errorStatus: 2, varbinds: [vb(OIDS[0])] }), 2],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(checkReply(bytes, probe)).toBe(reason);
    expect(UNUSABLE_REPLIES[reason]).toBeTruthy();
  });
});

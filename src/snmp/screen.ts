/**
 * Looks at a reply datagram before net-snmp does. net-snmp throws from inside its socket
 * handler on some replies (a Report PDU on v1/v2c) and reads OID arcs modulo 2^32 (an answer
 * for OID.(2^32+n) would pass for OID.n): a reply is handed over only when our own decoder
 * reads it whole, it is a Response, it carries the community asked, and every OID in it has
 * unsigned 32-bit arcs. SNMPv3 replies are checked as far as they are not encrypted.
 */
import { decodeMessage, PduTag, readHeader, type Cursor } from './ber.js';
import { Tag } from './types.js';
import { type Credential } from '../targets/scan-range.js';

/** Why a reply is unusable, or undefined when net-snmp may have it. */
export type Screen = (msg: Buffer) => string | undefined;

const MAX_ARC = 0xffffffff;
const CONSTRUCTED = 0x20;
/** Nesting deeper than any SNMP message: a reply built to exhaust the walk is refused. */
const MAX_DEPTH = 16;

export function screenFor(credential: Credential): Screen {
  const community = credential.version === '3' ? undefined : Buffer.from(credential.community, 'utf8');
  return (msg) => {
    const structure = checkStructure(msg);
    if (structure) return structure;
    if (isV3(msg)) return community ? 'an SNMPv3 reply to a community request' : undefined;
    if (!community) return 'a community reply to an SNMPv3 request';
    let decoded;
    try {
      decoded = decodeMessage(msg);
    } catch (e) {
      return `a reply that cannot be decoded (${(e as Error).message})`;
    }
    if (decoded.pduTag !== PduTag.GetResponse) return `a PDU of type 0x${decoded.pduTag.toString(16)} where a Response was due`;
    if (!decoded.community.equals(community)) return 'a reply with another community';
    return undefined;
  };
}

/** The version integer right after the outer header reads 3. */
function isV3(msg: Buffer): boolean {
  const c: Cursor = { buf: msg, pos: 0 };
  readHeader(c);
  return msg[c.pos] === Tag.Integer && msg[c.pos + 1] === 1 && msg[c.pos + 2] === 3;
}

/** Well-formed BER from end to end, one value of exactly the datagram's length, every OID within 32-bit arcs. */
function checkStructure(msg: Buffer): string | undefined {
  try {
    const c: Cursor = { buf: msg, pos: 0 };
    const outer = readHeader(c, 0x30);
    if (c.pos + outer.len !== msg.length) return 'a reply whose length does not match the datagram';
    return walk(msg, c.pos, c.pos + outer.len, 0);
  } catch (e) {
    return `a reply that cannot be decoded (${(e as Error).message})`;
  }
}

function walk(buf: Buffer, start: number, end: number, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return 'a reply nested too deep';
  const c: Cursor = { buf: buf.subarray(0, end), pos: start };
  while (c.pos < end) {
    const { tag, len } = readHeader(c);
    const body = c.pos;
    c.pos += len;
    if (tag === Tag.ObjectIdentifier) {
      const bad = checkOid(buf, body, len);
      if (bad) return bad;
    } else if (tag & CONSTRUCTED) {
      const inner = walk(buf, body, body + len, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
}

function checkOid(buf: Buffer, start: number, len: number): string | undefined {
  if (len === 0) return 'an empty OID';
  if (buf[start + len - 1] & 0x80) return 'an OID whose last arc is not terminated';
  // The first subidentifier packs two arcs (40·x + y with x ≤ 2), so it may exceed the others' bound by 80.
  let limit = MAX_ARC + 80;
  let arc = 0;
  for (let i = start; i < start + len; i++) {
    arc = arc * 128 + (buf[i] & 0x7f);
    if (arc > limit) return 'an OID arc beyond 2^32 - 1';
    if (!(buf[i] & 0x80)) {
      arc = 0;
      limit = MAX_ARC;
    }
  }
  return undefined;
}

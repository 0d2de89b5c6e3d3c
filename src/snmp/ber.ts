/**
 * A small BER codec for SNMP v1/v2c messages. The sweep decodes tens of thousands of
 * replies a second and the simulator encodes as many, so this works on plain buffers
 * with no intermediate objects beyond the varbinds themselves.
 */
import { Tag, type Varbind, type VarbindValue } from './types.js';

export const PduTag = {
  GetRequest: 0xa0,
  GetNextRequest: 0xa1,
  GetResponse: 0xa2,
  GetBulkRequest: 0xa5,
  Report: 0xa8,
} as const;

/** Wire numbers of SNMP versions: v1 = 0, v2c = 1, v3 = 3. */
export type WireVersion = 0 | 1 | 3;

export interface Message {
  version: number;
  community: Buffer;
  pduTag: number;
  requestId: number;
  /** errorStatus, or nonRepeaters for GetBulk */
  errorStatus: number;
  /** errorIndex, or maxRepetitions for GetBulk */
  errorIndex: number;
  varbinds: Varbind[];
}

export class BerError extends Error {}

// ---------------------------------------------------------------- decoding
//
// Every reply is untrusted: anything that is not a well-formed message whose values fit
// their tags is a BerError, never a guess. Lengths stay inside the enclosing TLV, OID arcs
// are unsigned 32-bit and minimally encoded (so no two encodings name the same OID),
// and a message ends where its outer SEQUENCE says.

export interface Cursor {
  buf: Buffer;
  pos: number;
}

/** Largest SNMP OID arc and Counter32/Gauge32/TimeTicks value (RFC 2578: unsigned 32-bit). */
const MAX_UINT32 = 0xffff_ffff;
const MAX_UINT64 = 0xffff_ffff_ffff_ffffn;
const MIN_INT32 = -0x8000_0000;
const MAX_INT32 = 0x7fff_ffff;

/** Reads a tag and a length; the value must end by `end` (the enclosing TLV's end, the buffer's by default). */
export function readHeader(c: Cursor, expectTag?: number, end = c.buf.length): { tag: number; len: number } {
  const { buf } = c;
  if (c.pos + 2 > end) throw new BerError('truncated header');
  const tag = buf[c.pos++];
  if (expectTag !== undefined && tag !== expectTag) {
    throw new BerError(`expected tag 0x${expectTag.toString(16)}, got 0x${tag.toString(16)}`);
  }
  let len = buf[c.pos++];
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || c.pos + n > end) throw new BerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[c.pos++];
  }
  if (c.pos + len > end) throw new BerError('length past end of its container');
  return { tag, len };
}

function readSignedBody(buf: Buffer, start: number, len: number): number {
  if (len === 0 || len > 6) throw new BerError('bad integer length');
  let v = buf[start] & 0x80 ? -1 : 0;
  for (let i = 0; i < len; i++) v = v * 256 + buf[start + i];
  return v;
}

function readInteger32Body(buf: Buffer, start: number, len: number): number {
  const v = readSignedBody(buf, start, len);
  if (v < MIN_INT32 || v > MAX_INT32) throw new BerError(`Integer32 out of range: ${v}`);
  return v;
}

/**
 * Unsigned values. Leading zero bytes are allowed (devices pad), and so is a first byte with
 * the high bit set: many agents send Counter32 values above 2^31 that way.
 */
function readUint32Body(buf: Buffer, start: number, len: number): number {
  if (len === 0) throw new BerError('empty unsigned value');
  let v = 0;
  for (let i = 0; i < len; i++) {
    v = v * 256 + buf[start + i];
    if (v > MAX_UINT32) throw new BerError('32-bit unsigned value above 2^32-1');
  }
  return v;
}

function readUint64Body(buf: Buffer, start: number, len: number): bigint {
  if (len === 0) throw new BerError('empty unsigned value');
  let v = 0n;
  for (let i = 0; i < len; i++) {
    v = (v << 8n) | BigInt(buf[start + i]);
    if (v > MAX_UINT64) throw new BerError('Counter64 above 2^64-1');
  }
  return v;
}

export function readInteger(c: Cursor, end = c.buf.length): number {
  const { len } = readHeader(c, Tag.Integer, end);
  const v = readInteger32Body(c.buf, c.pos, len);
  c.pos += len;
  return v;
}

/** An OID's body: the first subidentifier carries two arcs (X*40+Y, X <= 2), every arc fits 32 bits. */
export function decodeOid(buf: Buffer, start: number, len: number): string {
  if (len === 0) throw new BerError('empty OID');
  if (start + len > buf.length) throw new BerError('OID past end of message');
  const arcs: number[] = [];
  let v = 0;
  let fresh = true;
  for (let i = start; i < start + len; i++) {
    const b = buf[i];
    if (fresh && b === 0x80) throw new BerError('OID arc with a leading zero byte');
    fresh = false;
    v = v * 128 + (b & 0x7f);
    // The first subidentifier may exceed 2^32-1 by up to 80 (2.Y with Y = 2^32-1).
    if (v > MAX_UINT32 + 80) throw new BerError('OID arc above 2^32-1');
    if (b & 0x80) continue;
    if (arcs.length === 0) {
      const first = v < 40 ? 0 : v < 80 ? 1 : 2;
      arcs.push(first, v - first * 40);
    } else {
      arcs.push(v);
    }
    if (arcs[arcs.length - 1] > MAX_UINT32) throw new BerError('OID arc above 2^32-1');
    v = 0;
    fresh = true;
  }
  if (!fresh) throw new BerError('OID ends inside an arc');
  return arcs.join('.');
}

function emptyBody(tag: number, len: number): VarbindValue {
  if (len !== 0) throw new BerError(`tag 0x${tag.toString(16)} must have no content`);
  return { tag, value: null };
}

function readValue(c: Cursor, end: number): VarbindValue {
  const { tag, len } = readHeader(c, undefined, end);
  const { buf, pos } = c;
  c.pos += len;
  switch (tag) {
    case Tag.Integer:
      return { tag, value: readInteger32Body(buf, pos, len) };
    case Tag.OctetString:
    case Tag.Opaque:
      return { tag, value: Buffer.from(buf.subarray(pos, pos + len)) };
    case Tag.Null:
    case Tag.NoSuchObject:
    case Tag.NoSuchInstance:
    case Tag.EndOfMibView:
      return emptyBody(tag, len);
    case Tag.ObjectIdentifier:
      return { tag, value: decodeOid(buf, pos, len) };
    case Tag.IpAddress:
      if (len !== 4) throw new BerError('IpAddress must be 4 bytes');
      return { tag, value: `${buf[pos]}.${buf[pos + 1]}.${buf[pos + 2]}.${buf[pos + 3]}` };
    case Tag.Counter32:
    case Tag.Gauge32:
    case Tag.TimeTicks:
      return { tag, value: readUint32Body(buf, pos, len) };
    case Tag.Counter64:
      return { tag, value: readUint64Body(buf, pos, len) };
    default:
      throw new BerError(`unknown value tag 0x${tag.toString(16)}`);
  }
}

/** Reads just the request id, for matching a reply to its request before a full decode. */
export function peekRequestId(buf: Buffer): number {
  const c: Cursor = { buf, pos: 0 };
  readHeader(c, 0x30);
  readInteger(c);
  const community = readHeader(c, Tag.OctetString);
  c.pos += community.len;
  readHeader(c);
  return readInteger(c);
}

/** A whole v1/v2c message: nothing may follow it, nothing inside may overrun its container. */
export function decodeMessage(buf: Buffer): Message {
  const c: Cursor = { buf, pos: 0 };
  const outer = readHeader(c, 0x30);
  const end = c.pos + outer.len;
  if (end !== buf.length) throw new BerError('bytes after the end of the message');
  const version = readInteger(c, end);
  if (version !== 0 && version !== 1) throw new BerError(`unsupported SNMP version ${version}`);
  const community = readHeader(c, Tag.OctetString, end);
  const communityBuf = buf.subarray(c.pos, c.pos + community.len);
  c.pos += community.len;
  const pdu = decodePdu(c, end);
  if (c.pos !== end) throw new BerError('message length mismatch');
  return { version, community: communityBuf, ...pdu };
}

export type Pdu = Omit<Message, 'version' | 'community'>;

/** A PDU (GET, GETNEXT, GETBULK, Response, Report…) at the cursor: the part v1, v2c and v3 messages share. */
export function decodePdu(c: Cursor, end = c.buf.length): Pdu {
  const { buf } = c;
  const pdu = readHeader(c, undefined, end);
  const pduEnd = c.pos + pdu.len;
  const requestId = readInteger(c, pduEnd);
  const errorStatus = readInteger(c, pduEnd);
  const errorIndex = readInteger(c, pduEnd);
  const list = readHeader(c, 0x30, pduEnd);
  const listEnd = c.pos + list.len;
  if (listEnd !== pduEnd) throw new BerError('PDU length mismatch');
  const varbinds: Varbind[] = [];
  while (c.pos < listEnd) {
    const vb = readHeader(c, 0x30, listEnd);
    const vbEnd = c.pos + vb.len;
    const oidHdr = readHeader(c, Tag.ObjectIdentifier, vbEnd);
    const oid = decodeOid(buf, c.pos, oidHdr.len);
    c.pos += oidHdr.len;
    const value = readValue(c, vbEnd);
    if (c.pos !== vbEnd) throw new BerError('varbind length mismatch');
    varbinds.push({ oid, ...value });
  }
  return { pduTag: pdu.tag, requestId, errorStatus, errorIndex, varbinds };
}

// ---------------------------------------------------------------- encoding

function lengthBytes(len: number): number[] {
  if (len < 0x80) return [len];
  const out: number[] = [];
  while (len > 0) {
    out.unshift(len & 0xff);
    len = Math.floor(len / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, ...lengthBytes(body.length)]), body]);
}

export function signedBody(v: number): Buffer {
  const out: number[] = [];
  let n = v;
  do {
    out.unshift(((n % 256) + 256) % 256);
    n = Math.floor(n / 256);
  } while (!((n === 0 && !(out[0] & 0x80)) || (n === -1 && out[0] & 0x80)));
  return Buffer.from(out);
}

function unsignedBody(v: number | bigint): Buffer {
  let n = BigInt(v);
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (out[0] & 0x80) out.unshift(0);
  return Buffer.from(out);
}

export function encodeOid(oid: string): Buffer {
  const arcs = oid.replace(/^\./, '').split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isInteger(a) || a < 0 || a > MAX_UINT32) || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40)) {
    throw new BerError(`bad OID ${oid}`);
  }
  const out: number[] = [];
  const push = (v: number) => {
    const bytes = [v & 0x7f];
    v = Math.floor(v / 128);
    while (v > 0) {
      bytes.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...bytes);
  };
  push(arcs[0] * 40 + arcs[1]);
  for (let i = 2; i < arcs.length; i++) push(arcs[i]);
  return Buffer.from(out);
}

function encodeValue(v: VarbindValue): Buffer {
  switch (v.tag) {
    case Tag.Integer:
      return tlv(v.tag, signedBody(v.value as number));
    case Tag.OctetString:
    case Tag.Opaque:
      return tlv(v.tag, v.value as Buffer);
    case Tag.Null:
    case Tag.NoSuchObject:
    case Tag.NoSuchInstance:
    case Tag.EndOfMibView:
      return Buffer.from([v.tag, 0]);
    case Tag.ObjectIdentifier:
      return tlv(v.tag, encodeOid(v.value as string));
    case Tag.IpAddress:
      return tlv(v.tag, Buffer.from((v.value as string).split('.').map(Number)));
    case Tag.Counter32:
    case Tag.Gauge32:
    case Tag.TimeTicks:
    case Tag.Counter64:
      return tlv(v.tag, unsignedBody(v.value as number | bigint));
    default:
      throw new BerError(`cannot encode tag ${v.tag}`);
  }
}

export function encodeVarbind(vb: Varbind): Buffer {
  return tlv(0x30, Buffer.concat([tlv(Tag.ObjectIdentifier, encodeOid(vb.oid)), encodeValue(vb)]));
}

/** Encodes a whole message; `varbinds` may be pre-encoded to let callers measure sizes. */
export function encodeMessage(m: Omit<Message, 'varbinds'> & { varbinds: Array<Varbind | Buffer> }): Buffer {
  return tlv(0x30, Buffer.concat([tlv(Tag.Integer, signedBody(m.version)), tlv(Tag.OctetString, m.community), encodePdu(m)]));
}

export function encodePdu(m: Omit<Pdu, 'varbinds'> & { varbinds: Array<Varbind | Buffer> }): Buffer {
  const list = Buffer.concat(m.varbinds.map((vb) => (Buffer.isBuffer(vb) ? vb : encodeVarbind(vb))));
  return tlv(
    m.pduTag,
    Buffer.concat([
      tlv(Tag.Integer, signedBody(m.requestId)),
      tlv(Tag.Integer, signedBody(m.errorStatus)),
      tlv(Tag.Integer, signedBody(m.errorIndex)),
      tlv(0x30, list),
    ]),
  );
}

/**
 * A GetRequest whose 4-byte request id sits at a fixed offset, so a probe is a copy of
 * the template with four bytes changed. The id must stay in 0x40000000..0x7fffffff to
 * keep its four-byte encoding minimal.
 */
export interface ProbeTemplate {
  bytes: Buffer;
  requestIdOffset: number;
}

export function buildGetTemplate(version: 0 | 1, community: string, oids: string[]): ProbeTemplate {
  const bytes = encodeMessage({
    version,
    community: Buffer.from(community, 'utf8'),
    pduTag: PduTag.GetRequest,
    requestId: 0x40000000,
    errorStatus: 0,
    errorIndex: 0,
    varbinds: oids.map((oid) => ({ oid, tag: Tag.Null, value: null })),
  });
  const c: Cursor = { buf: bytes, pos: 0 };
  readHeader(c, 0x30);
  readInteger(c);
  const communityHeader = readHeader(c, Tag.OctetString);
  c.pos += communityHeader.len;
  readHeader(c, PduTag.GetRequest);
  return { bytes, requestIdOffset: c.pos + 2 };
}

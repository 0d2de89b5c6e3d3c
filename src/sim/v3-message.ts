/** The SNMPv3 message wrapper (RFC 3412) with its USM security parameters (RFC 3414). */
import { BerError, readHeader, readInteger, signedBody, tlv, type Cursor } from '../snmp/ber.js';
import { Tag } from '../snmp/types.js';

export const FLAG_AUTH = 1;
export const FLAG_PRIV = 2;
export const FLAG_REPORTABLE = 4;
const USM = 3;

export interface SecurityParameters {
  engineId: Buffer;
  boots: number;
  time: number;
  userName: string;
  authParams: Buffer;
  privParams: Buffer;
}

export interface V3Message {
  msgId: number;
  maxSize: number;
  flags: number;
  security: SecurityParameters;
  /** the scoped PDU, or its ciphertext when FLAG_PRIV is set */
  data: Buffer;
  /** where authParams sit in the original bytes, to zero them for the digest */
  authParamsOffset: number;
}

function readOctets(c: Cursor): Buffer {
  const { len } = readHeader(c, Tag.OctetString);
  const out = c.buf.subarray(c.pos, c.pos + len);
  c.pos += len;
  return out;
}

export function isV3(buf: Buffer): boolean {
  try {
    const c: Cursor = { buf, pos: 0 };
    readHeader(c, 0x30);
    return readInteger(c) === 3;
  } catch {
    return false;
  }
}

export function decodeV3(buf: Buffer): V3Message {
  const c: Cursor = { buf, pos: 0 };
  readHeader(c, 0x30);
  if (readInteger(c) !== 3) throw new BerError('not SNMPv3');
  readHeader(c, 0x30);
  const msgId = readInteger(c);
  const maxSize = readInteger(c);
  const flagBytes = readOctets(c);
  if (flagBytes.length !== 1) throw new BerError('msgFlags must be one byte');
  if (readInteger(c) !== USM) throw new BerError('only the user-based security model is spoken');
  const paramsHeader = readHeader(c, Tag.OctetString);
  const paramsEnd = c.pos + paramsHeader.len;
  readHeader(c, 0x30);
  const engineId = readOctets(c);
  const boots = readInteger(c);
  const time = readInteger(c);
  const userName = readOctets(c).toString('utf8');
  const authHeader = readHeader(c, Tag.OctetString);
  const authParamsOffset = c.pos;
  const authParams = buf.subarray(c.pos, c.pos + authHeader.len);
  c.pos += authHeader.len;
  const privParams = readOctets(c);
  if (c.pos !== paramsEnd) throw new BerError('security parameters length mismatch');
  const flags = flagBytes[0];
  let data: Buffer;
  if (flags & FLAG_PRIV) data = readOctets(c);
  else {
    const start = c.pos;
    const scoped = readHeader(c, 0x30);
    data = buf.subarray(start, c.pos + scoped.len);
  }
  return { msgId, maxSize, flags, security: { engineId, boots, time, userName, authParams, privParams }, data, authParamsOffset };
}

/** Encodes a message; returns where the authentication parameters landed, to fill in the digest. */
export function encodeV3(m: Omit<V3Message, 'authParamsOffset'>): { bytes: Buffer; authParamsOffset: number } {
  const int = (v: number) => tlv(Tag.Integer, signedBody(v));
  const octets = (b: Buffer) => tlv(Tag.OctetString, b);
  const s = m.security;
  const paramsBefore = Buffer.concat([octets(s.engineId), int(s.boots), int(s.time), octets(Buffer.from(s.userName, 'utf8'))]);
  const auth = octets(s.authParams);
  const params = tlv(0x30, Buffer.concat([paramsBefore, auth, octets(s.privParams)]));
  const header = tlv(0x30, Buffer.concat([int(m.msgId), int(m.maxSize), octets(Buffer.from([m.flags])), int(USM)]));
  const data = m.flags & FLAG_PRIV ? octets(m.data) : m.data;
  const paramsOctets = octets(params);
  const body = Buffer.concat([int(3), header, paramsOctets, data]);
  const bytes = tlv(0x30, body);
  const bodyStart = bytes.length - body.length;
  // params OCTET STRING header, then the SEQUENCE header, then the fields before auth, then auth's own header
  const paramsStart = bodyStart + int(3).length + header.length + (paramsOctets.length - params.length);
  const authValueStart = paramsStart + (params.length - (paramsBefore.length + auth.length + octets(s.privParams).length)) + paramsBefore.length + (auth.length - s.authParams.length);
  return { bytes, authParamsOffset: authValueStart };
}

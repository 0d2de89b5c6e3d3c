import type { Credential } from '../targets/scan-range.js';

/** BER tags of SNMP values; the numbers are the wire tags. */
export const Tag = {
  Integer: 0x02,
  OctetString: 0x04,
  Null: 0x05,
  ObjectIdentifier: 0x06,
  IpAddress: 0x40,
  Counter32: 0x41,
  Gauge32: 0x42,
  TimeTicks: 0x43,
  Opaque: 0x44,
  Counter64: 0x46,
  NoSuchObject: 0x80,
  NoSuchInstance: 0x81,
  EndOfMibView: 0x82,
} as const;

export type TagNumber = (typeof Tag)[keyof typeof Tag];

export interface VarbindValue {
  tag: number;
  /** number for Integer/Counter32/Gauge32/TimeTicks, bigint for Counter64, Buffer for strings, string for OID/IpAddress, null otherwise */
  value: number | bigint | Buffer | string | null;
}

export interface Varbind extends VarbindValue {
  oid: string;
}

/** v2c/v3 exceptions mean "not there", never an error. */
export function isAbsent(vb: VarbindValue): boolean {
  return vb.tag === Tag.NoSuchObject || vb.tag === Tag.NoSuchInstance || vb.tag === Tag.EndOfMibView || vb.tag === Tag.Null;
}

/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (every byte string is). */
export function utf8OrLatin1(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Text of an OCTET STRING: trailing NULs dropped, UTF-8 when valid, else Latin-1. */
export function octetsToText(buf: Buffer): string {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  return utf8OrLatin1(buf.subarray(0, end));
}

/** The value as text where it can stand for text; a Counter64 never does (a device sending one for a name is wrong, not a number). */
export function valueToText(vb: VarbindValue): string | undefined {
  if (isAbsent(vb) || vb.tag === Tag.Counter64) return undefined;
  if (Buffer.isBuffer(vb.value)) return octetsToText(vb.value);
  return String(vb.value);
}

/** How a credential is shown anywhere a person or a log might see it. */
export function describeCredential(c: Credential): string {
  if (c.version === '3') {
    const level = c.privProtocol ? 'authPriv' : c.authProtocol ? 'authNoPriv' : 'noAuthNoPriv';
    return `v3 user ${c.user} (${level})`;
  }
  return `v${c.version} community ***`;
}

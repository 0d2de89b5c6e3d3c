/**
 * Recorded values as the varbinds they stand for. A value its tag cannot carry (an Integer
 * of 2^40, an OID arc past 2^32, hex that is not hex) is refused with the reason, never
 * served as something else: the simulator must answer only what a real device could.
 */
import { isOid } from './oid.js';
import { Tag, type VarbindValue } from './types.js';

export type Fail = (why: string) => never;

const RANGES: Record<number, [number, number]> = {
  [Tag.Integer]: [-0x8000_0000, 0x7fff_ffff],
  [Tag.Counter32]: [0, 0xffff_ffff],
  [Tag.Gauge32]: [0, 0xffff_ffff],
  [Tag.TimeTicks]: [0, 0xffff_ffff],
};

export function isNumericTag(tag: number): boolean {
  return tag in RANGES;
}

export function numberValue(tag: number, text: string, fail: Fail): VarbindValue {
  const t = text.trim();
  const [min, max] = RANGES[tag];
  // `|| 0`: "-0" is zero, not a negative zero no encoder writes
  const v = /^-?\d{1,20}$/.test(t) ? Number(t) || 0 : NaN;
  if (!(v >= min && v <= max)) fail(`${quote(text)} is not a whole number from ${min} to ${max}`);
  return { tag, value: v };
}

export function counter64Value(text: string, fail: Fail): VarbindValue {
  const t = text.trim();
  const v = /^\d{1,20}$/.test(t) ? BigInt(t) : -1n;
  if (v < 0n || v > 0xffff_ffff_ffff_ffffn) fail(`${quote(text)} is not a Counter64 (0 to 2^64-1)`);
  return { tag: Tag.Counter64, value: v };
}

export function oidValue(text: string, fail: Fail): VarbindValue {
  const oid = cleanOid(text);
  if (!isOid(oid)) fail(`${quote(text)} is not a numeric OID with arcs of 32 bits`);
  return { tag: Tag.ObjectIdentifier, value: oid };
}

export function ipValue(text: string, fail: Fail): VarbindValue {
  const t = text.trim();
  const octets = t.split('.');
  if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) fail(`${quote(text)} is not an IPv4 address`);
  return { tag: Tag.IpAddress, value: octets.map(Number).join('.') };
}

export function hexBytes(text: string, fail: Fail): Buffer {
  const digits = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(digits)) fail(`${quote(text)} is not hex (pairs of 0-9 a-f)`);
  return Buffer.from(digits, 'hex');
}

/** The value in an error: one line, and short, whatever the file holds. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text);
}

export function cleanOid(oid: string): string {
  return oid.trim().replace(/^\./, '');
}

/**
 * Raw SNMP values → field values. Pure functions: every quirk a device has in how it sends a
 * number or a text is handled here, declared by the profile's `type`, never per device.
 */
import { parseDeviceId } from '../profiles/fingerprint.js';
import type { Transform } from '../profiles/types.js';
import { isAbsent, octetsToText, Tag, valueToText, type VarbindValue } from '../snmp/types.js';
import { decodeText } from './charset.js';

export type FieldValue = string | number;

export class ConversionError extends Error {}

const TWO_POW_32 = 4_294_967_296;

/** Text as sent, in the device's `charset` where known: NULs, control bytes and padding at either end dropped. */
function rawTextOf(vb: VarbindValue, charset?: string): string | undefined {
  const raw = charset && Buffer.isBuffer(vb.value) && !isAbsent(vb) ? decodeText(vb.value, charset) : valueToText(vb);
  if (raw === undefined) return undefined;
  const clean = raw.replace(/^[\p{Cc}\s]+|[\p{Cc}\s]+$/gu, '');
  return clean === '' ? undefined : clean;
}

/** Printable text of an OCTET STRING: NULs and padding dropped, spaced hex pairs decoded. */
export function textOf(vb: VarbindValue, charset?: string): string | undefined {
  const raw = rawTextOf(vb, charset);
  return raw === undefined ? undefined : (decodeHexText(raw) ?? raw);
}

const SPACED_HEX = /^(?:[0-9a-f]{2} ){2,}[0-9a-f]{2}$/i;
const PREFIXED_HEX = /^0x((?:[0-9a-f]{2})+)$/i;

/** Text some devices send as hex digits ("0x4869" or "48 69 21"): decoded only when that gives printable text. */
export function decodeHexText(text: string): string | undefined {
  const t = text.trim();
  const digits = PREFIXED_HEX.exec(t)?.[1] ?? (SPACED_HEX.test(t) ? t.replace(/ /g, '') : undefined);
  if (!digits) return undefined;
  const decoded = octetsToText(Buffer.from(digits, 'hex'));
  return /^[\P{C}\t\r\n]+$/u.test(decoded) ? decoded : undefined;
}

/** Six bytes (binary, or text like "00:1B:A9:0B:A7:52" / "001ba90ba752") → aa:bb:cc:dd:ee:ff; never all zero. */
export function macOf(vb: VarbindValue): string | undefined {
  if (isAbsent(vb) || !Buffer.isBuffer(vb.value)) return undefined;
  let bytes: Buffer | undefined = vb.value.length === 6 ? vb.value : undefined;
  if (!bytes) {
    const text = vb.value.toString('latin1').trim();
    const hex = /^[0-9a-f]{2}([:\- ]?)[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i.test(text) ? text.replace(/[:\- ]/g, '') : undefined;
    if (hex) bytes = Buffer.from(hex, 'hex');
  }
  if (!bytes || bytes.every((b) => b === 0)) return undefined;
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function integerOf(vb: VarbindValue): number | undefined {
  if (typeof vb.value === 'number' && Number.isInteger(vb.value)) return vb.value;
  if (typeof vb.value === 'bigint') return vb.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(vb.value) : undefined;
  return undefined;
}

/** A page counter: never negative; an Integer32 that went negative is a Counter32 that wrapped past 2^31. */
export function counterOf(vb: VarbindValue): number | undefined {
  const n = integerOf(vb);
  if (n === undefined) return undefined;
  if (n >= 0) return n;
  return vb.tag === Tag.Integer && n >= -2_147_483_648 ? n + TWO_POW_32 : undefined;
}

/** A counter sent as decimal text ("123456", "123,456 pages"). */
export function textCounterOf(vb: VarbindValue): number | undefined {
  const n = counterOf(vb);
  if (n !== undefined) return n;
  const text = textOf(vb);
  const m = text === undefined ? null : /^(\d{1,3}(?:[,.' ]\d{3})+|\d+)\b/.exec(text);
  return m ? Number(m[1].replace(/[,.' ]/g, '')) : undefined;
}

/** A counter sent as hex digits in text ("6B4331"). */
export function hexCounterOf(vb: VarbindValue): number | undefined {
  const text = rawTextOf(vb)?.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (!text || !/^[0-9a-f]{1,13}$/i.test(text)) return undefined;
  return parseInt(text, 16);
}

/** RFC 2579 DateAndTime (8 or 11 octets) → ISO 8601. */
export function dateAndTimeOf(vb: VarbindValue): string | undefined {
  if (!Buffer.isBuffer(vb.value) || (vb.value.length !== 8 && vb.value.length !== 11)) return undefined;
  const b = vb.value;
  const year = b.readUInt16BE(0);
  const [month, day, hour, minute, second] = [b[2], b[3], b[4], b[5], b[6]];
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const zone = b.length === 11 ? `${String.fromCharCode(b[8])}${pad(b[9])}:${pad(b[10])}` : '';
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${zone}`;
}

/** Brother maintenance records `CC 01 LL V…` (code, 0x01, value length, big-endian value; usually 7 bytes), ending at 0xFF; binary or hex text. */
export function brotherRecord(vb: VarbindValue, code: string): number | undefined {
  if (!Buffer.isBuffer(vb.value)) return undefined;
  const asText = vb.value.toString('latin1').replace(/\s/g, '');
  const bytes = asText.length >= 14 && /^([0-9a-f]{2})+$/i.test(asText) ? Buffer.from(asText, 'hex') : vb.value;
  const wanted = parseInt(code, 16);
  for (let at = 0; at + 3 <= bytes.length && bytes[at] !== 0xff; ) {
    const length = bytes[at + 2];
    if (length < 1 || length > 6 || at + 3 + length > bytes.length) return undefined;
    if (bytes[at] === wanted) return bytes.readUIntBE(at + 3, length);
    at += 3 + length;
  }
  return undefined;
}

function applyPattern(text: string | undefined, pattern: string | undefined): string | undefined {
  if (text === undefined || pattern === undefined) return text;
  const m = new RegExp(pattern, 'i').exec(text);
  const picked = m ? (m.groups?.value ?? m[0]).trim() : undefined;
  return picked === '' ? undefined : picked;
}

function scaled(n: number | undefined, divide: number | undefined): number | undefined {
  if (n === undefined || !divide) return n;
  return Math.round((n / divide) * 100) / 100;
}

/**
 * One raw value through a source's transform. Undefined means "no usable value here"
 * (the next source is tried); a ConversionError means the device sent something this type
 * cannot mean, which is reported.
 */
export function convert(vb: VarbindValue, t: Transform, charset?: string): FieldValue | undefined {
  if (isAbsent(vb)) return undefined;
  const type = t.type ?? 'DisplayString';
  const strictNumber = (n: number | undefined, what: string) => {
    if (n === undefined) throw new ConversionError(`${describeRaw(vb)} is not ${what}`);
    return scaled(n, t.divide);
  };
  switch (type) {
    case 'DisplayString':
      return applyPattern(textOf(vb, charset), t.pattern);
    case 'DeviceId': {
      const text = textOf(vb);
      return applyPattern(text === undefined ? undefined : parseDeviceId(text)[t.key ?? 'MDL'] || undefined, t.pattern);
    }
    case 'PhysAddress':
      return macOf(vb);
    case 'Counter':
      return strictNumber(counterOf(vb), 'a counter');
    case 'TextCounter': {
      const picked = t.pattern === undefined ? vb : { tag: Tag.OctetString, value: Buffer.from(applyPattern(textOf(vb), t.pattern) ?? '') };
      return strictNumber(textCounterOf(picked), 'a counter');
    }
    case 'HexCounter':
      return strictNumber(hexCounterOf(vb), 'a hex counter');
    case 'Gauge':
    case 'Integer':
      return strictNumber(integerOf(vb), 'a number');
    case 'TimeTicks': {
      const ticks = integerOf(vb);
      return ticks === undefined ? strictNumber(undefined, 'TimeTicks') : Math.floor(ticks / 100);
    }
    case 'Enum': {
      const n = integerOf(vb);
      return n === undefined ? strictNumber(undefined, 'an enumeration') : (t.map?.[String(n)] ?? String(n));
    }
    case 'OID':
      return vb.tag === Tag.ObjectIdentifier ? String(vb.value) : undefined;
    case 'DateAndTime':
      return dateAndTimeOf(vb) ?? applyPattern(textOf(vb), t.pattern);
    case 'BrotherRecord':
      return scaled(brotherRecord(vb, t.code ?? ''), t.divide);
  }
}

/** The raw value as evidence: text where printable, else hex. */
export function describeRaw(vb: VarbindValue): string {
  if (Buffer.isBuffer(vb.value)) {
    const text = octetsToText(vb.value);
    return /^[\P{C}\t]*$/u.test(text) ? JSON.stringify(text) : `0x${vb.value.toString('hex')}`;
  }
  return String(vb.value);
}

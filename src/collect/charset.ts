/**
 * Text in the device's own character set. The Printer-MIB says which one a device uses
 * (prtLocalizationCharacterSet, an IANA charset MIBenum); a profile may declare one for
 * makers that never say; failing both, UTF-8 when the bytes are valid UTF-8, else Latin-1.
 */
import { utf8OrLatin1 } from '../snmp/types.js';

/** IANA charset MIBenum (IANA-CHARSET-MIB) → the label we decode with. */
const CHARSET_BY_MIBENUM: Readonly<Record<number, string>> = {
  3: 'us-ascii',
  4: 'iso-8859-1',
  5: 'iso-8859-2',
  6: 'iso-8859-3',
  7: 'iso-8859-4',
  8: 'iso-8859-5',
  9: 'iso-8859-6',
  10: 'iso-8859-7',
  11: 'iso-8859-8',
  12: 'iso-8859-9',
  13: 'iso-8859-10',
  17: 'shift_jis',
  18: 'euc-jp',
  38: 'euc-kr',
  39: 'iso-2022-jp',
  57: 'gb2312',
  106: 'utf-8',
  109: 'iso-8859-13',
  110: 'iso-8859-14',
  111: 'iso-8859-15',
  112: 'iso-8859-16',
  113: 'gbk',
  114: 'gb18030',
  1013: 'utf-16be',
  1014: 'utf-16le',
  1015: 'utf-16',
  2004: 'hp-roman8',
  2025: 'gb2312',
  2026: 'big5',
  2084: 'koi8-r',
  2086: 'ibm866',
  2088: 'koi8-u',
  2250: 'windows-1250',
  2251: 'windows-1251',
  2252: 'windows-1252',
  2253: 'windows-1253',
  2254: 'windows-1254',
  2255: 'windows-1255',
  2256: 'windows-1256',
  2257: 'windows-1257',
  2258: 'windows-1258',
};

/** HP Roman-8, bytes 0xA0–0xFE (0xFF is unassigned); below 0xA0 it is ASCII and C1 controls. Node's decoders lack it. */
const ROMAN8_HIGH =
  '\u00a0ÀÂÈÊËÎÏ´ˋˆ¨˜ÙÛ₤¯Ýý°ÇçÑñ¡¿¤£¥§ƒ¢âêôûáéóúàèòùäëöüÅîØÆåíøæÄìÖÜÉïßÔÁÃãÐðÍÌÓÒÕõŠšÚŸÿÞþ·µ¶¾—¼½ªº«■»±';

/**
 * windows-1252, bytes 0x80–0x9F (the rest is Latin-1). Node 20's TextDecoder reads this label
 * as Latin-1, losing the quotes, dashes and euro sign; the five unassigned bytes stay C1 codes.
 */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** The decoder label of an IANA MIBenum, or undefined for other (1), unknown (2) and sets we cannot read. */
export function charsetOfMibenum(mibenum: number): string | undefined {
  return CHARSET_BY_MIBENUM[mibenum];
}

/** Whether we can decode text in this charset label (profiles are checked with it). */
export function isKnownCharset(label: string): boolean {
  return decoderFor(label.toLowerCase()) !== undefined;
}

type Decoder = (bytes: Buffer) => string | undefined;

function decoderFor(label: string): Decoder | undefined {
  if (label === 'us-ascii') return (b) => (b.every((c) => c < 0x80) ? b.toString('latin1') : undefined);
  // WHATWG decoders read ISO-8859-1 as windows-1252; the device said Latin-1 and means it.
  if (label === 'iso-8859-1') return (b) => b.toString('latin1');
  if (label === 'hp-roman8') return roman8;
  if (label === 'windows-1252') return (b) => [...b].map((c) => (c >= 0x80 && c < 0xa0 ? WINDOWS_1252_C1[c - 0x80] : String.fromCharCode(c))).join('');
  try {
    const decoder = new TextDecoder(label, { fatal: true });
    return (b) => {
      try {
        return decoder.decode(b);
      } catch {
        return undefined;
      }
    };
  } catch {
    return undefined;
  }
}

function roman8(bytes: Buffer): string | undefined {
  let out = '';
  for (const b of bytes) {
    if (b === 0xff) return undefined;
    out += b < 0xa0 ? String.fromCharCode(b) : ROMAN8_HIGH[b - 0xa0];
  }
  return out;
}

const decoders = new Map<string, Decoder | undefined>();


/**
 * Octets in `charset` (a decoder label): trailing NULs dropped. Bytes that are not valid in
 * the declared charset (a device that says US-ASCII and sends UTF-8) fall back to UTF-8 or
 * Latin-1 rather than turning into replacement characters.
 */
export function decodeText(bytes: Buffer, charset?: string): string {
  const wide = charset !== undefined && charset.startsWith('utf-16');
  let end = bytes.length;
  while (end > (wide ? 1 : 0) && bytes[end - 1] === 0 && (!wide || bytes[end - 2] === 0)) end -= wide ? 2 : 1;
  const text = bytes.subarray(0, end);
  if (charset === undefined) return utf8OrLatin1(text);
  const label = charset.toLowerCase();
  if (!decoders.has(label)) decoders.set(label, decoderFor(label));
  return decoders.get(label)?.(text) ?? utf8OrLatin1(text);
}

interface Row {
  oid: string;
  value: unknown;
}

/**
 * The device's charset from its Printer-MIB localization: the row its general (else console)
 * localization points at, else the one charset all rows share. Undefined where the device
 * does not say, or says other/unknown.
 */
export function localizationCharset(current: readonly Row[], console: readonly Row[], charsets: readonly Row[], column: string): string | undefined {
  const enumAt = (row: Row | undefined) => (row && typeof row.value === 'number' ? charsetOfMibenum(row.value) : undefined);
  for (const pointer of [current[0], console[0]]) {
    if (!pointer || typeof pointer.value !== 'number') continue;
    const device = pointer.oid.split('.').pop();
    const hit = enumAt(charsets.find((r) => r.oid === `${column}.${device}.${pointer.value}`));
    if (hit) return hit;
  }
  const all = new Set(charsets.map(enumAt).filter((c) => c !== undefined));
  return all.size === 1 ? [...all][0] : undefined;
}

/**
 * Reads device recordings: snmprec (`OID|TAG|VALUE`, `TAGx` = hex value) and
 * `snmpwalk -On` output. Both become the same sorted list of varbinds.
 */
import { readTextFile } from '../package-files.js';
import { PrintscanError } from '../errors.js';
import { Tag, type Varbind } from '../snmp/types.js';

export class RecordingError extends PrintscanError {
  constructor(file: string, line: number, why: string) {
    super('badRecording', `${file}:${line}: ${why}`);
  }
}

const NUMERIC_TAGS = new Set<number>([Tag.Integer, Tag.Counter32, Tag.Gauge32, Tag.TimeTicks]);

function cleanOid(oid: string): string {
  return oid.trim().replace(/^\./, '');
}

function parseSnmprecLine(line: string, file: string, n: number): Varbind | undefined {
  const first = line.indexOf('|');
  const second = line.indexOf('|', first + 1);
  if (first < 0 || second < 0) throw new RecordingError(file, n, 'expected OID|TAG|VALUE');
  const oid = cleanOid(line.slice(0, first));
  const tagText = line.slice(first + 1, second);
  const raw = line.slice(second + 1);
  const m = /^(\d+)(x?)$/.exec(tagText);
  // Variation modules (`4:numeric` …) are snmpsim programs, not data: skip them.
  if (!m) return undefined;
  const tag = Number(m[1]);
  const hex = m[2] === 'x';
  const bytes = () => (hex ? Buffer.from(raw.replace(/\s+/g, ''), 'hex') : Buffer.from(raw, 'utf8'));
  if (!/^\d+(\.\d+)+$/.test(oid)) throw new RecordingError(file, n, `bad OID "${oid}"`);
  switch (tag) {
    case Tag.OctetString:
    case Tag.Opaque:
      return { oid, tag, value: bytes() };
    case Tag.ObjectIdentifier:
      return { oid, tag, value: cleanOid(hex ? bytes().toString('latin1') : raw) };
    case Tag.IpAddress: {
      const value = hex ? [...bytes()].join('.') : raw.trim();
      return { oid, tag, value };
    }
    case Tag.Null:
      return { oid, tag, value: null };
    case Tag.Counter64:
      return { oid, tag, value: BigInt(raw.trim() || '0') };
    default:
      if (NUMERIC_TAGS.has(tag)) {
        const v = Number(raw.trim());
        if (!Number.isFinite(v)) throw new RecordingError(file, n, `bad number "${raw}"`);
        return { oid, tag, value: v };
      }
      throw new RecordingError(file, n, `unknown tag ${tagText}`);
  }
}

export function parseSnmprec(text: string, file = 'recording'): Varbind[] {
  const out: Varbind[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const vb = parseSnmprecLine(line, file, i + 1);
    if (vb) out.push(vb);
  });
  return out;
}

const WALK_LINE = /^\.?(\d+(?:\.\d+)+) = (?:([A-Za-z0-9-]+): ?)?(.*)$/;

function walkValue(type: string | undefined, raw: string): Omit<Varbind, 'oid'> | undefined {
  const number = () => Number(/\((-?\d+)\)/.exec(raw)?.[1] ?? raw.trim().split(/\s/)[0]);
  switch ((type ?? '').toUpperCase()) {
    case 'STRING':
    case '':
      return { tag: Tag.OctetString, value: Buffer.from(unquote(raw), 'utf8') };
    case 'HEX-STRING':
      return { tag: Tag.OctetString, value: Buffer.from(raw.replace(/\s+/g, ''), 'hex') };
    case 'INTEGER':
      return { tag: Tag.Integer, value: number() };
    case 'COUNTER32':
      return { tag: Tag.Counter32, value: number() };
    case 'GAUGE32':
    case 'UNSIGNED32':
      return { tag: Tag.Gauge32, value: number() };
    case 'TIMETICKS':
      return { tag: Tag.TimeTicks, value: number() };
    case 'COUNTER64':
      return { tag: Tag.Counter64, value: BigInt(raw.trim()) };
    case 'OID':
      return { tag: Tag.ObjectIdentifier, value: cleanOid(raw) };
    case 'IPADDRESS':
      return { tag: Tag.IpAddress, value: raw.trim() };
    case 'NULL':
      return { tag: Tag.Null, value: null };
    default:
      return undefined;
  }
}

function unquote(raw: string): string {
  const t = raw.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\"/g, '"') : t;
}

/** `snmpwalk -On` output; a quoted string may run over several lines. */
export function parseSnmpwalk(text: string, file = 'walk'): Varbind[] {
  const out: Varbind[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const m = WALK_LINE.exec(line);
    if (!m) throw new RecordingError(file, i + 1, 'expected ".OID = TYPE: value" (snmpwalk -On)');
    let raw = m[3];
    if (/^"/.test(raw) && !/[^\\]"$/.test(raw.slice(1))) {
      while (i + 1 < lines.length && !/[^\\]"$|^"$/.test(raw)) raw += '\n' + lines[++i];
    }
    if (/^No (Such|more)/.test(raw)) continue;
    const value = walkValue(m[2], raw);
    if (value) out.push({ oid: m[1], ...value });
  }
  return out;
}

/** Picks the parser from the content: snmprec lines have `|`, walk lines have ` = `. */
export function parseRecording(text: string, file: string): Varbind[] {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  return WALK_LINE.test(firstLine) && !/^\.?[\d.]+\|/.test(firstLine) ? parseSnmpwalk(text, file) : parseSnmprec(text, file);
}

export function readRecording(path: string): Varbind[] {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    throw new PrintscanError('badRecording', `cannot read recording "${path}": ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return parseRecording(text, path);
}

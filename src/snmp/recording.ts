/**
 * Reads device recordings: snmprec (`OID|TAG|VALUE`, `TAGx` = hex value) and
 * `snmpwalk -On` output. Both become the same sorted list of varbinds.
 */
import { readTextFile } from '../fs/read-text-file.js';
import { PrintscanError } from '../errors.js';
import { isOid } from './oid.js';
import { Tag, type Varbind } from './types.js';
import { cleanOid, counter64Value, hexBytes, ipValue, isNumericTag, numberValue, oidValue, type Fail } from './recording-values.js';

export class RecordingError extends PrintscanError {
  constructor(file: string, line: number, why: string) {
    super('badRecording', `${file}:${line}: ${why}`);
  }
}

function parseSnmprecLine(line: string, file: string, n: number): Varbind | undefined {
  const fail: Fail = (why) => {
    throw new RecordingError(file, n, why);
  };
  const first = line.indexOf('|');
  const second = line.indexOf('|', first + 1);
  if (first < 0 || second < 0) fail('expected OID|TAG|VALUE');
  const oid = cleanOid(line.slice(0, first));
  const tagText = line.slice(first + 1, second);
  const raw = line.slice(second + 1);
  const m = /^(\d+)(x?)$/.exec(tagText);
  // Variation modules (`4:numeric` …) are snmpsim programs, not data: skip them.
  if (!m) return undefined;
  const tag = Number(m[1]);
  const hex = m[2] === 'x';
  const bytes = () => (hex ? hexBytes(raw, fail) : Buffer.from(raw, 'utf8'));
  if (!isOid(oid)) fail(`bad OID "${oid}"`);
  switch (tag) {
    case Tag.OctetString:
    case Tag.Opaque:
      return { oid, tag, value: bytes() };
    case Tag.ObjectIdentifier:
      return { oid, ...oidValue(hex ? bytes().toString('latin1') : raw, fail) };
    case Tag.IpAddress:
      return { oid, ...(hex ? ipValue([...bytes()].join('.'), fail) : ipValue(raw, fail)) };
    case Tag.Null:
      return { oid, tag, value: null };
    case Tag.Counter64:
      // snmpsim writes an unset Counter64 as nothing
      return { oid, ...counter64Value(raw.trim() || '0', fail) };
    default:
      if (isNumericTag(tag)) return { oid, ...numberValue(tag, raw, fail) };
      return fail(`unknown tag ${tagText}`);
  }
}

/**
 * Where a line that cannot be read goes: given, the line is skipped and reported here, and
 * the rest of the recording is used, as snmpsim does; not given, the line is an error.
 */
export type BadLine = (problem: RecordingError) => void;

function readLine<T>(parse: () => T, onBadLine: BadLine | undefined): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof RecordingError) || !onBadLine) throw e;
    onBadLine(e);
    return undefined;
  }
}

export function parseSnmprec(text: string, file = 'recording', onBadLine?: BadLine): Varbind[] {
  const out: Varbind[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const vb = readLine(() => parseSnmprecLine(line, file, i + 1), onBadLine);
    if (vb) out.push(vb);
  });
  return out;
}

const WALK_LINE = /^\.?(\d+(?:\.\d+)+) = (?:([A-Za-z0-9-]+): ?)?(.*)$/;

function walkValue(type: string | undefined, raw: string, fail: Fail): Omit<Varbind, 'oid'> | undefined {
  const number = () => /\((-?\d+)\)/.exec(raw)?.[1] ?? raw.trim().split(/\s/)[0];
  switch ((type ?? '').toUpperCase()) {
    case 'STRING':
    case '':
      return { tag: Tag.OctetString, value: Buffer.from(unquote(raw), 'utf8') };
    case 'HEX-STRING':
      return { tag: Tag.OctetString, value: hexBytes(raw, fail) };
    case 'INTEGER':
      return numberValue(Tag.Integer, number(), fail);
    case 'COUNTER32':
      return numberValue(Tag.Counter32, number(), fail);
    case 'GAUGE32':
    case 'UNSIGNED32':
      return numberValue(Tag.Gauge32, number(), fail);
    case 'TIMETICKS':
      return numberValue(Tag.TimeTicks, number(), fail);
    case 'COUNTER64':
      return counter64Value(raw, fail);
    case 'OID':
      return oidValue(raw, fail);
    case 'IPADDRESS':
      return ipValue(raw, fail);
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
export function parseSnmpwalk(text: string, file = 'walk', onBadLine?: BadLine): Varbind[] {
  const out: Varbind[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const m = WALK_LINE.exec(line);
    if (!m) {
      readLine(() => {
        throw new RecordingError(file, i + 1, 'expected ".OID = TYPE: value" (snmpwalk -On)');
      }, onBadLine);
      continue;
    }
    const n = i + 1;
    let raw = m[3];
    // Only a string's quotes span lines; a stray quote elsewhere is the value's own problem.
    const isString = ['STRING', ''].includes((m[2] ?? '').toUpperCase());
    if (isString && /^"/.test(raw) && !/[^\\]"$/.test(raw.slice(1))) {
      while (i + 1 < lines.length && !/[^\\]"$|^"$/.test(raw)) raw += '\n' + lines[++i];
    }
    if (/^No (Such|more)/.test(raw)) continue;
    const fail: Fail = (why) => {
      throw new RecordingError(file, n, why);
    };
    const value = readLine(() => {
      if (!isOid(m[1])) fail(`bad OID "${m[1]}"`);
      return walkValue(m[2], raw, fail);
    }, onBadLine);
    if (value) out.push({ oid: m[1], ...value });
  }
  return out;
}

/** Picks the parser from the content: snmprec lines have `|`, walk lines have ` = `. */
export function parseRecording(text: string, file: string, onBadLine?: BadLine): Varbind[] {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  return WALK_LINE.test(firstLine) && !/^\.?[\d.]+\|/.test(firstLine) ? parseSnmpwalk(text, file, onBadLine) : parseSnmprec(text, file, onBadLine);
}

/** A recording file; lines that cannot be read go to `onBadLine`, and a file with no readable line at all is an error. */
export function readRecording(path: string, onBadLine?: BadLine): Varbind[] {
  const text = readTextFile(path, 'recording', { code: 'badRecording' });
  const varbinds = parseRecording(text, path, onBadLine);
  if (varbinds.length === 0) throw new PrintscanError('badRecording', `recording "${path}" has no readable line`, 'give a snmprec file (OID|TAG|VALUE) or snmpwalk -On output');
  return varbinds;
}

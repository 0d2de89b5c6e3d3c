import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charsetOfMibenum, decodeText, isKnownCharset, localizationCharset } from '../../src/collect/charset.js';
import { collectDevice } from '../../src/collect/collect-device.js';
import { discoveredDevice, identifyHost } from '../../src/identify/identify-host.js';
import { loadProfiles, PROFILE_SCHEMA_FILE } from '../../src/profiles/load.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { parseSnmprec } from '../../src/snmp/recording.js';
import { RecordingReader } from '../../src/snmp/recording-reader.js';

interface Sample {
  language: string;
  field: 'location' | 'display';
  mibenum: number;
  charset: string;
  hex: string;
  text: string;
}

/** Display and location texts of our own, each encoded in a charset a device of that region uses. */
const samples = JSON.parse(readFileSync(new URL('../fixtures/collect/charsets.json', import.meta.url), 'utf8')) as Sample[];

describe('decoding text in the device charset', () => {
  it.each(samples.map((s) => [s.language, s.field, s.charset, s] as const))('%s %s in %s', (_l, _f, _c, s) => {
    expect(charsetOfMibenum(s.mibenum)).toBe(s.charset);
    expect(decodeText(Buffer.from(s.hex, 'hex'), charsetOfMibenum(s.mibenum))).toBe(s.text);
    // the charset matters: without it, the bytes read as something else (UTF-8 and Latin-1, the fallbacks, aside)
    if (s.charset !== 'utf-8' && s.charset !== 'iso-8859-1') expect(decodeText(Buffer.from(s.hex, 'hex'))).not.toBe(s.text);
  });

  it('covers every language the fleets asked for', () => {
    expect(new Set(samples.map((s) => s.language))).toEqual(new Set(['Polish', 'Dutch', 'German', 'French', 'Czech', 'Russian', 'Greek', 'Turkish', 'Japanese', 'Chinese', 'Korean']));
  });

  it.each([
    ['valid UTF-8 without a charset', 'c3a96cc3a87665', undefined, 'élève'],
    ['not UTF-8 without a charset: Latin-1', 'e96ce87665', undefined, 'élève'],
    ['US-ASCII declared, UTF-8 sent', '4bc3b66c6e', 'us-ascii', 'Köln'],
    ['US-ASCII declared and kept', '4b6f656c6e', 'us-ascii', 'Koeln'],
    ['ISO-8859-1 means Latin-1, not windows-1252', '80', 'iso-8859-1', '\u0080'],
    ['bytes invalid in the declared Shift_JIS fall back', '82', 'shift_jis', '\u0082'],
    ['HP Roman-8 has no 0xFF', 'c0ff', 'hp-roman8', 'Àÿ'],
    ['trailing NULs dropped', '414200', 'iso-8859-2', 'AB'],
    ['UTF-16BE with a trailing NUL character', '004100420000', 'utf-16be', 'AB'],
    ['a label no decoder has falls back', '41', 'x-no-such-charset', 'A'],
  ])('%s', (_name, hex, charset, text) => {
    expect(decodeText(Buffer.from(hex, 'hex'), charset)).toBe(text);
  });

  it.each([[1], [2], [99999]])('MIBenum %i names no charset we read', (mibenum) => {
    expect(charsetOfMibenum(mibenum)).toBeUndefined();
  });

  it('every charset a profile may declare can be decoded', () => {
    const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_FILE, 'utf8'));
    const labels: string[] = schema.properties.charset.enum;
    expect(labels.filter((l) => !isKnownCharset(l))).toEqual([]);
  });
});

describe('any bytes a device sends', () => {
  const labels = [undefined, ...new Set(Array.from({ length: 2300 }, (_, n) => charsetOfMibenum(n)).filter((l) => l !== undefined))];
  it('decode in every charset we know without throwing, to text without NULs at the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...labels), (bytes, label) => {
        const text = decodeText(Buffer.from(bytes), label);
        expect(typeof text).toBe('string');
        if (label === undefined || !label.startsWith('utf-16')) expect(text.endsWith('\0')).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('which charset a device states', () => {
  const CHARSET = '1.3.6.1.2.1.43.7.1.1.4';
  const row = (oid: string, value: number) => ({ oid, value });
  const table = [row(`${CHARSET}.1.1`, 3), row(`${CHARSET}.1.2`, 2250), row(`${CHARSET}.1.3`, 17)];
  it.each([
    ['the general localization row', [row('1.3.6.1.2.1.43.5.1.1.2.1', 2)], [], table, 'windows-1250'],
    ['the console row when the general one is absent', [], [row('1.3.6.1.2.1.43.5.1.1.10.1', 3)], table, 'shift_jis'],
    ['the general row when it points at other (1)', [row('1.3.6.1.2.1.43.5.1.1.2.1', 1)], [row('1.3.6.1.2.1.43.5.1.1.10.1', 3)], [row(`${CHARSET}.1.1`, 1), ...table.slice(2)], 'shift_jis'],
    ['the one charset all rows share', [], [], [row(`${CHARSET}.1.1`, 106), row(`${CHARSET}.1.2`, 106)], 'utf-8'],
    ['nothing when rows disagree and nothing points', [], [], table, undefined],
    ['nothing without a table', [row('1.3.6.1.2.1.43.5.1.1.2.1', 2)], [], [], undefined],
  ])('%s', (_name, current, console, charsets, expected) => {
    expect(localizationCharset(current, console, charsets, CHARSET)).toBe(expected);
  });
});

const sample = (language: string, field: string) => samples.find((s) => s.language === language && s.field === field)!;

/** A printer of our own making whose location or panel text is `text` (hex octets). */
function recording(field: Sample['field'], hex: string, localization?: number): string {
  const ascii = Buffer.from('Room 1', 'latin1').toString('hex');
  const lines = [
    `1.3.6.1.2.1.1.1.0|4|Acme LP-100 printer`,
    `1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1`,
    `1.3.6.1.2.1.1.6.0|4x|${field === 'location' ? hex : ascii}`,
    `1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5`,
    `1.3.6.1.2.1.25.3.2.1.3.1|4|Acme LP-100`,
    ...(localization === undefined ? [] : [`1.3.6.1.2.1.43.5.1.1.2.1|2|2`, `1.3.6.1.2.1.43.7.1.1.4.1.1|2|3`, `1.3.6.1.2.1.43.7.1.1.4.1.2|2|${localization}`]),
    `1.3.6.1.2.1.43.16.5.1.2.1.1|4x|${field === 'display' ? hex : ascii}`,
  ];
  return lines.join('\n') + '\n';
}

async function collect(text: string, userDirs: string[] = []) {
  const profiles = loadProfiles(userDirs);
  const reader = new RecordingReader(new MibView(parseSnmprec(text)));
  const id = await identifyHost(reader, profiles);
  return (await collectDevice(reader, discoveredDevice(id, '192.0.2.7', 161, '2c', 1), id.profile!)).record;
}

const ACME = JSON.stringify({ id: 'acme', extends: 'printer-mib', vendor: 'Acme', charset: 'shift_jis', match: [{ sysObjectID: '1.3.6.1.4.1.99999' }] });

describe('collect decodes location and display in the device charset', () => {
  it.each(samples.map((s) => [s.language, s.field, s.mibenum, s] as const))('%s %s, localization charset %i', async (_l, _f, _m, s) => {
    const record = await collect(recording(s.field, s.hex, s.mibenum));
    expect(record[s.field]).toBe(s.text);
  });

  it('a profile-declared charset reads a device that does not state one', async () => {
    const location = sample('Japanese', 'location');
    const dir = mkdtempSync(join(tmpdir(), 'printscan-charset-'));
    writeFileSync(join(dir, 'acme.json'), ACME);
    const text = recording('location', location.hex);
    expect((await collect(text, [dir])).location).toBe(location.text);
    // without the declaration the same bytes are not Japanese
    expect((await collect(text)).location).not.toBe(location.text);
  });

  it('the device statement wins over the profile declaration', async () => {
    const location = sample('Korean', 'location');
    const dir = mkdtempSync(join(tmpdir(), 'printscan-charset-'));
    writeFileSync(join(dir, 'acme.json'), ACME);
    expect((await collect(recording('location', location.hex, location.mibenum), [dir])).location).toBe(location.text);
  });
});

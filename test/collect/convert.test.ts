import { describe, expect, it } from 'vitest';
import { brotherRecord, convert, counterOf, dateAndTimeOf, decodeHexText, hexCounterOf, macOf, textCounterOf, textOf } from '../../src/collect/convert.js';
import { supplyLevel } from '../../src/collect/supplies.js';
import { decodeErrorState } from '../../src/collect/status.js';
import { Tag } from '../../src/snmp/types.js';

const octets = (hex: string) => ({ tag: Tag.OctetString, value: Buffer.from(hex, 'hex') });
const text = (s: string, encoding: BufferEncoding = 'utf8') => ({ tag: Tag.OctetString, value: Buffer.from(s, encoding) });
const int = (n: number, tag: number = Tag.Integer) => ({ tag, value: n });

describe('MAC addresses', () => {
  it.each([
    ['six binary bytes', octets('001ba90ba752'), '00:1b:a9:0b:a7:52'],
    ['colon text', text('00:1B:A9:0B:A7:52'), '00:1b:a9:0b:a7:52'],
    ['dash text', text('00-1b-a9-0b-a7-52'), '00:1b:a9:0b:a7:52'],
    ['bare hex text', text('001BA90BA752'), '00:1b:a9:0b:a7:52'],
    ['all zero', octets('000000000000'), undefined],
    ['empty (loopback)', octets(''), undefined],
    ['eight bytes', octets('0011223344556677'), undefined],
  ])('%s', (_name, vb, expected) => expect(macOf(vb)).toBe(expected));
});

describe('text', () => {
  it.each([
    ['NUL padded', octets('4d502043333030320000'), 'MP C3002'],
    ['Latin-1', text('Bureau étage 2', 'latin1'), 'Bureau étage 2'],
    ['UTF-8', text('Büro 3. Stock'), 'Büro 3. Stock'],
    ['trailing spaces', text('READY      '), 'READY'],
    ['spaced hex pairs', text('50 53 58 31 32 33'), 'PSX123'],
    ['0x-prefixed hex', text('0x505358313233'), 'PSX123'],
    ['hex-looking serial kept as text', text('ABCDEF12'), 'ABCDEF12'],
    ['only NULs', octets('0000'), undefined],
    ['a Counter64 where text is expected', { tag: Tag.Counter64, value: 18446744073709551615n }, undefined],
    ['an OID value', { tag: Tag.ObjectIdentifier, value: '1.3.6.1.4.1.367' }, '1.3.6.1.4.1.367'],
  ])('%s', (_name, vb, expected) => expect(textOf(vb)).toBe(expected));

  it('gives no DisplayString from a Counter64', () => {
    expect(convert({ tag: Tag.Counter64, value: 4242n }, { type: 'DisplayString' })).toBeUndefined();
  });

  it.each([
    ['plain', '  0x4869', 'Hi'],
    ['not printable', '0x0001', undefined],
    ['not hex', 'hello', undefined],
  ])('decodeHexText %s', (_name, input, expected) => expect(decodeHexText(input)).toBe(expected));
});

describe('counters', () => {
  it.each([
    ['Counter32', int(271871, Tag.Counter32), 271871],
    ['Integer', int(7357), 7357],
    ['Integer32 that wrapped past 2^31', int(-1294967296), 3_000_000_000],
    ['Integer −1 = 2^32 − 1', int(-1), 4_294_967_295],
    ['Counter64', { tag: Tag.Counter64, value: 12345678901n }, 12345678901],
    ['text is not a Counter', text('123'), undefined],
  ])('Counter: %s', (_name, vb, expected) => expect(counterOf(vb)).toBe(expected));

  it.each([
    ['digits', text('302318'), 302318],
    ['with unit', text('555719 INCHES, 1411527 CENTIMETERS'), 555719],
    ['thousands separators', text('1,234,567'), 1234567],
    ['a number anyway', int(42, Tag.Gauge32), 42],
    ['words', text('n/a'), undefined],
  ])('TextCounter: %s', (_name, vb, expected) => expect(textCounterOf(vb)).toBe(expected));

  it.each([
    ['upper case', text('6B4331'), 7029553],
    ['0x prefix', text('0x6b4331'), 7029553],
    ['spaced', text('6B 43 31'), 7029553],
    ['not hex', text('12G4'), undefined],
  ])('HexCounter: %s', (_name, vb, expected) => expect(hexCounterOf(vb)).toBe(expected));

  it('a counter type given text the device cannot mean is reported, not zeroed', () => {
    expect(() => convert(text('offline'), { type: 'Counter' })).toThrow(/not a counter/);
  });
});

describe('Brother maintenance records', () => {
  const blob = '0001040000134b' + '02010400000c69' + '6f01040000238c' + '310101' + '01' + 'ff';
  it.each([
    ['binary, first record', octets(blob), '00', 4939],
    ['binary, later record', octets(blob), '02', 3177],
    ['after a 1-byte record', octets('31010101' + '6f01040000238c' + 'ff'), '6f', 9100],
    ['hex text', text('0001040000134b02010400000c69'), '02', 3177],
    ['absent code', octets(blob), '16', undefined],
  ])('%s', (_name, vb, code, expected) => expect(brotherRecord(vb, code)).toBe(expected));

  it('divides hundredths of a percent', () => {
    expect(convert(octets(blob), { type: 'BrotherRecord', code: '6f', divide: 100 })).toBe(91);
  });
});

describe('supply levels', () => {
  it.each([
    ['half full', 50, 100, { level: 50, max: 100, percent: 50, state: 'ok' }],
    ['in impressions', 1060, 5300, { level: 1060, max: 5300, percent: 20, state: 'ok' }],
    ['low', 8, 100, { level: 8, max: 100, percent: 8, state: 'low' }],
    ['empty', 0, 100, { level: 0, max: 100, percent: 0, state: 'empty' }],
    ['empty, capacity unknown', 0, -2, { level: 0, max: null, percent: null, state: 'empty' }],
    ['above capacity', 120, 100, { level: 120, max: 100, percent: 100, state: 'ok' }],
    ['−1 other', -1, 100, { level: null, max: 100, percent: null, state: 'other' }],
    ['−2 unknown', -2, 100, { level: null, max: 100, percent: null, state: 'unknown' }],
    ['−3 some remaining', -3, -2, { level: null, max: null, percent: null, state: 'someRemaining' }],
    ['−3 some remaining, capacity known', -3, 500, { level: null, max: 500, percent: null, state: 'someRemaining' }],
    ['capacity unknown (−2): no percent, no ok', 70, -2, { level: 70, max: null, percent: null, state: 'unknown' }],
    ['capacity other (−1)', 70, -1, { level: 70, max: null, percent: null, state: 'other' }],
    ['capacity 0', 70, 0, { level: 70, max: null, percent: null, state: 'unknown' }],
    ['capacity not sent', 70, undefined, { level: 70, max: null, percent: null, state: 'unknown' }],
    ['level not sent', undefined, 100, { level: null, max: 100, percent: null, state: 'unknown' }],
  ])('%s', (_name, level, max, expected) => expect(supplyLevel(level, max)).toEqual(expected));
});

describe('other types', () => {
  it.each([
    ['no errors', '0000', []],
    ['low toner', '20', ['lowToner']],
    ['door open and jammed', '0c', ['doorOpen', 'jammed']],
    ['second octet', '0006', ['inputTrayEmpty', 'overduePreventMaint']],
  ])('hrPrinterDetectedErrorState %s', (_name, hex, expected) => expect(decodeErrorState(Buffer.from(hex, 'hex'))).toEqual(expected));

  it.each([
    ['local time', '07e90b190e1e0000', '2025-11-25T14:30:00'],
    ['with zone', '07e90b190e1e00002b0100', '2025-11-25T14:30:00+01:00'],
    ['nonsense', '0000000000000000', undefined],
  ])('DateAndTime %s', (_name, hex, expected) => expect(dateAndTimeOf(octets(hex))).toBe(expected));

  it.each([
    ['TimeTicks to seconds', int(90117512, Tag.TimeTicks), { type: 'TimeTicks' as const }, 901175],
    ['Enum with a map', int(3), { type: 'Enum' as const, map: { '3': 'idle' } }, 'idle'],
    ['DeviceId MDL', text('MFG:Brother;CMD:PJL;MDL:HL-L2350DW series;CLS:PRINTER;'), { type: 'DeviceId' as const }, 'HL-L2350DW series'],
    ['TextCounter picks the unit the pattern names', text('1021367 CENTIMETERS, 402113 INCHES'), { type: 'TextCounter' as const, pattern: '(?<value>\\d+)\\s*INCH' }, 402113],
    ['pattern with a value group', text('Firmware Ver.1.01 (08.12.12)'), { pattern: 'Ver\\.(?<value>\\S+)' }, '1.01'],
    ['no match is absent', text('none'), { pattern: 'Ver\\.(?<value>\\S+)' }, undefined],
  ])('%s', (_name, vb, transform, expected) => expect(convert(vb, transform)).toBe(expected));
});

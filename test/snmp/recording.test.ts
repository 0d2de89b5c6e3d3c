import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecording, parseSnmprec, parseSnmpwalk, readRecording, type RecordingError } from '../../src/snmp/recording.js';
import { MibView } from '../../src/snmp/mib-view.js';
import { Tag } from '../../src/snmp/types.js';

describe('recordings', () => {
  it.each([
    ['1.3.6.1.2.1.1.5.0|4|PRN-1', { tag: Tag.OctetString, value: Buffer.from('PRN-1') }],
    ['1.3.6.1.2.1.2.2.1.6.1|4x|00c0ee1a2b01', { tag: Tag.OctetString, value: Buffer.from('00c0ee1a2b01', 'hex') }],
    ['1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.1129.1.2.1', { tag: Tag.ObjectIdentifier, value: '1.3.6.1.4.1.1129.1.2.1' }],
    ['1.3.6.1.2.1.43.11.1.1.9.1.1|2|-3', { tag: Tag.Integer, value: -3 }],
    ['1.3.6.1.2.1.43.10.2.1.4.1.1|65|4294967295', { tag: Tag.Counter32, value: 4294967295 }],
    ['1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615', { tag: Tag.Counter64, value: 18446744073709551615n }],
    ['1.3.6.1.2.1.4.20.1.1.127.0.0.1|64|127.0.0.1', { tag: Tag.IpAddress, value: '127.0.0.1' }],
  ])('snmprec line %s', (line, value) => {
    expect(parseSnmprec(line)).toEqual([{ oid: line.split('|')[0], ...value }]);
  });

  it('reports the line of a broken snmprec entry', () => {
    expect(() => parseSnmprec('1.3.6.1.2.1.1.1.0|4|ok\nnonsense', 'x.snmprec')).toThrow(/x\.snmprec:2: expected OID\|TAG\|VALUE/);
  });

  it('reads snmpwalk -On output, multi-line strings included', () => {
    const walk = [
      '.1.3.6.1.2.1.1.1.0 = STRING: "Line one',
      'line two"',
      '.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.367.1.1',
      '.1.3.6.1.2.1.1.3.0 = Timeticks: (8640012) 1 day, 0:00:00.12',
      '.1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 C0 EE 1A 2B 01 ',
      '.1.3.6.1.2.1.25.3.5.1.1.1 = INTEGER: idle(3)',
      '.1.3.6.1.2.1.43.10.2.1.4.1.1 = Counter32: 48213',
      '.1.3.6.1.2.1.43.11.1.1.6.1.1 = ""',
    ].join('\n');
    const vbs = parseSnmpwalk(walk);
    expect(vbs.map((v) => [v.oid, v.tag, Buffer.isBuffer(v.value) ? v.value.toString('hex') : v.value])).toEqual([
      ['1.3.6.1.2.1.1.1.0', Tag.OctetString, Buffer.from('Line one\nline two').toString('hex')],
      ['1.3.6.1.2.1.1.2.0', Tag.ObjectIdentifier, '1.3.6.1.4.1.367.1.1'],
      ['1.3.6.1.2.1.1.3.0', Tag.TimeTicks, 8640012],
      ['1.3.6.1.2.1.2.2.1.6.1', Tag.OctetString, '00c0ee1a2b01'],
      ['1.3.6.1.2.1.25.3.5.1.1.1', Tag.Integer, 3],
      ['1.3.6.1.2.1.43.10.2.1.4.1.1', Tag.Counter32, 48213],
      ['1.3.6.1.2.1.43.11.1.1.6.1.1', Tag.OctetString, ''],
    ]);
    expect(parseRecording(walk, 'w').length).toBe(7);
  });

  it('orders OIDs numerically for GETNEXT', () => {
    const view = new MibView(parseSnmprec(['1.3.6.1.2.1.1.10.0|2|1', '1.3.6.1.2.1.1.9.0|2|2', '1.3.6.1.2.1.1.1.0|4|a'].join('\n')));
    expect(view.next('1.3.6.1.2.1.1.1.0')?.oid).toBe('1.3.6.1.2.1.1.9.0');
    expect(view.next('1.3.6.1.2.1.1.9.0')?.oid).toBe('1.3.6.1.2.1.1.10.0');
    expect(view.next('1.3.6.1.2.1.1.10.0')).toBeUndefined();
  });

  it.each([
    ['snmprec', ['1.3.6.1.2.1.1.1.0|4|ok', 'nonsense', '1.3.6.1.2.1.1.3.0|67|soon', '1.3.6.1.2.1.1.7.0|99|x', '1.3.6.1.2.1.1.5.0|4|PRN-1'], ['r.snmprec:2: expected OID|TAG|VALUE', 'r.snmprec:3: "soon" is not a whole number from 0 to 4294967295', 'r.snmprec:4: unknown tag 99'], 2],
    ['snmpwalk', ['.1.3.6.1.2.1.1.1.0 = STRING: "ok"', 'garbage from a terminal', '.1.3.6.1.2.1.1.5.0 = STRING: PRN-1'], ['r.snmprec:2: expected ".OID = TYPE: value" (snmpwalk -On)'], 2],
  ])('a %s line that cannot be read is reported with file and line, and the rest is used', (_kind, lines, expected, kept) => {
    const problems: RecordingError[] = [];
    const varbinds = parseRecording(lines.join('\n'), 'r.snmprec', (p) => problems.push(p));
    expect(problems.map((p) => p.message)).toEqual(expected);
    expect(varbinds).toHaveLength(kept);
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing here\n'],
    ['a file with no readable line', 'nonsense\nmore nonsense\n'],
  ])('%s is an error', (_name, text) => {
    const path = join(mkdtempSync(join(tmpdir(), 'printscan-rec-')), 'r.snmprec');
    writeFileSync(path, text);
    expect(() => readRecording(path, () => {})).toThrow(/has no readable line/);
  });

  it('a file that cannot be read is an error', () => {
    expect(() => readRecording('/nonexistent/r.snmprec', () => {})).toThrow(/cannot read recording "\/nonexistent\/r\.snmprec": ENOENT/);
  });
});


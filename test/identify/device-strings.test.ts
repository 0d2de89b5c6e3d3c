import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capDeviceStrings, cutText, MAX_DEVICE_STRING_BYTES } from '../../src/identify/device-strings.js';
import { systemGroup } from '../../src/identify/identify-host.js';
import { Tag } from '../../src/snmp/types.js';
import { runCli } from '../helpers/cli.js';

describe('device strings', () => {
  it.each([
    ['short text', 'Ready', undefined],
    ['exactly 1 KiB', 'a'.repeat(1024), undefined],
    ['one byte over', 'a'.repeat(1025), 'a'.repeat(1024)],
    ['60 KB', 'x'.repeat(60_000), 'x'.repeat(1024)],
    // 'é' is two bytes: 512 of them fill 1 KiB, the 513th would split nothing but does not fit
    ['two-byte characters', 'é'.repeat(600), 'é'.repeat(512)],
    ['a three-byte character at the edge', 'a'.repeat(1022) + '€', 'a'.repeat(1022)],
    ['an emoji at the edge (a surrogate pair)', 'a'.repeat(1021) + '😀', 'a'.repeat(1021)],
  ])('cuts %s at a character boundary within 1 KiB', (_name, text, expected) => {
    const cut = cutText(text);
    expect(cut).toBe(expected);
    if (cut !== undefined) expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_DEVICE_STRING_BYTES);
  });

  it('caps every string of a record and lists the paths it cut', () => {
    const record = {
      ip: '192.0.2.1',
      sysDescr: 'd'.repeat(5000),
      sysName: 'short',
      supplies: [{ description: 'ok' }, { description: 's'.repeat(2000), level: 3 }],
      truncated: ['location'],
    };
    const capped = capDeviceStrings(record);
    expect(capped.sysDescr).toBe('d'.repeat(1024));
    expect(capped.supplies[1]).toEqual({ description: 's'.repeat(1024), level: 3 });
    expect(capped.sysName).toBe('short');
    expect(capped.truncated).toEqual(['location', 'sysDescr', 'supplies[1].description']);
    expect(record.sysDescr).toHaveLength(5000);
  });

  it('leaves a record with short strings as it is, with no truncated list', () => {
    const record: { ip: string; sysName: string; meters: object; truncated?: string[] } = { ip: '192.0.2.1', sysName: 'PRN', meters: { total: 5 } };
    expect(capDeviceStrings(record)).toBe(record);
    expect(capDeviceStrings(record)).not.toHaveProperty('truncated');
  });

  it('takes no sysDescr from a Counter64', () => {
    expect(systemGroup([{ oid: '1.3.6.1.2.1.1.1.0', tag: Tag.Counter64, value: 12345n }])).toEqual({});
  });
});

describe('device strings through the CLI', () => {
  it('collect --from-walk cuts a 5 KB sysDescr and a 3 KB supply description and lists both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'printscan-strings-'));
    const walk = join(dir, 'long-strings.snmprec');
    // The project's own recording: a printer whose strings run long.
    writeFileSync(
      walk,
      [
        `1.3.6.1.2.1.1.1.0|4|Long Printer LP-1 ${'d'.repeat(5000)}`,
        '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.7',
        '1.3.6.1.2.1.1.5.0|4|PRN-LONG',
        '1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5',
        `1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner ${'t'.repeat(3000)}`,
        '1.3.6.1.2.1.43.11.1.1.8.1.1|2|100',
        '1.3.6.1.2.1.43.11.1.1.9.1.1|2|40',
      ].join('\n'),
    );
    const r = await runCli(['collect', '--from-walk', walk, '--json']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [device] = JSON.parse(r.stdout).devices;
    expect(Buffer.byteLength(device.sysDescr)).toBe(1024);
    expect(device.sysDescr.startsWith('Long Printer LP-1 ddd')).toBe(true);
    expect(Buffer.byteLength(device.supplies[0].description)).toBe(1024);
    expect(device.truncated).toEqual(expect.arrayContaining(['sysDescr', 'supplies[0].description']));
  });
});

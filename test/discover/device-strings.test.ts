import { describe, expect, it } from 'vitest';
import { capDeviceStrings, cutText, MAX_DEVICE_STRING_BYTES } from '../../src/discover/device-strings.js';
import { systemGroup } from '../../src/discover/identify-host.js';
import { Tag } from '../../src/snmp/types.js';

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
    const record = { ip: '192.0.2.1', sysName: 'PRN', meters: { total: 5 } };
    expect(capDeviceStrings(record)).toBe(record);
    expect(capDeviceStrings(record)).not.toHaveProperty('truncated');
  });

  it('takes no sysDescr from a Counter64', () => {
    expect(systemGroup([{ oid: '1.3.6.1.2.1.1.1.0', tag: Tag.Counter64, value: 12345n }])).toEqual({});
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDevicesFile } from '../../src/inventory/devices-file.js';

const dir = mkdtempSync(join(tmpdir(), 'printscan-devices-file-'));
const kind = { what: 'the inventory', code: 'inventory', schemaVersion: 1, startsOver: 'the next discover writes a new one' } as const;

function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('readDevicesFile', () => {
  it('gives the devices, and an empty list when there is no file yet', () => {
    expect(readDevicesFile(file('ok.json', '{"schemaVersion":1,"devices":[{"ip":"127.0.0.1"}]}'), kind)).toEqual([{ ip: '127.0.0.1' }]);
    expect(readDevicesFile(join(dir, 'none.json'), kind)).toEqual([]);
  });

  it.each([
    { name: 'not JSON', text: '{', message: /^the inventory ".*bad\.json" is not valid JSON$/, hint: 'move it aside; the next discover writes a new one' },
    { name: 'JSON null', text: 'null', message: /has an unknown format \(schemaVersion undefined\)$/, hint: undefined },
    { name: 'another version', text: '{"schemaVersion":9,"devices":[]}', message: /has an unknown format \(schemaVersion 9\)$/, hint: undefined },
    { name: 'devices that are no list', text: '{"schemaVersion":1,"devices":{}}', message: /has an unknown format \(schemaVersion 1\)$/, hint: undefined },
  ])('a file holding $name is an error of its kind naming it, exit 1', ({ text, message, hint }) => {
    const path = file('bad.json', text);
    expect(() => readDevicesFile(path, kind)).toThrow(expect.objectContaining({ code: 'inventory', exitCode: 1, message: expect.stringMatching(message), hint }));
  });

  it('a file that cannot be read is an error too', () => {
    mkdirSync(join(dir, 'folder.json'));
    expect(() => readDevicesFile(join(dir, 'folder.json'), kind)).toThrow(/^cannot read the inventory ".*folder\.json": EISDIR$/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { readTextFile } from '../../src/fs/read-text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'printscan-read-'));
const file = join(dir, 'ranges.json');
writeFileSync(file, '[]\n');
const missing = join(dir, 'nothing.json');

describe('readTextFile', () => {
  it('reads the text', () => {
    expect(readTextFile(file, 'ranges file')).toBe('[]\n');
  });

  it.each([
    { name: 'a missing file', path: missing, reason: 'ENOENT' },
    { name: 'a folder', path: dir, reason: 'EISDIR' },
  ])('$name is a usage error naming what, where and why', ({ path, reason }) => {
    const read = () => readTextFile(path, 'ranges file', { hint: 'from the command line' });
    expect(read).toThrow(UsageError);
    expect(read).toThrow(expect.objectContaining({ message: `cannot read ranges file "${path}": ${reason}`, hint: 'from the command line' }));
  });

  it('takes the code that decides the exit status', () => {
    expect(() => readTextFile(dir, 'the inventory', { code: 'inventory' })).toThrow(expect.objectContaining({ code: 'inventory', exitCode: 1 }));
  });

  it('with missingOk, a missing file is undefined but any other failure still an error', () => {
    expect(readTextFile(missing, 'the inventory', { code: 'inventory', missingOk: true })).toBeUndefined();
    expect(() => readTextFile(dir, 'the inventory', { code: 'inventory', missingOk: true })).toThrow(/cannot read the inventory ".*": EISDIR/);
  });
});

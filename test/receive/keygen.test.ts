import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIdentityFile } from '../../src/receive/identity.js';
import { recipientOf, sealReport } from '../../src/report/seal.js';
import { runCli } from '../helpers/cli.js';
import { demoReport, tempDir } from './helpers.js';

/** Opens a sealed file the way an operator would, with Debian's age: `age -d -i KEY FILE | gunzip`. */
function openWithAgeCli(identityFile: string, sealedFile: string): unknown {
  const r = spawnSync('sh', ['-c', 'age -d -i "$1" "$2" | gunzip', 'sh', identityFile, sealedFile], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('receive keygen', () => {
  it('--out writes an identity file that the age CLI opens reports with, and prints the recipient', async () => {
    const dir = tempDir('keygen');
    const key = join(dir, 'key.txt');
    const r = await runCli(['receive', 'keygen', '--out', key]);
    expect(r.code).toBe(0);
    const recipient = r.stdout.trim();
    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const text = readFileSync(key, 'utf8');
    expect(text).toMatch(/^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n# public key: age1\S+\nAGE-SECRET-KEY-1[0-9A-Z]{58}\n$/);
    expect(text).toContain(`# public key: ${recipient}\n`);

    const report = await demoReport(1);
    const sealed = join(dir, 'report.json.gz.age');
    writeFileSync(sealed, await sealReport(report, recipient));
    expect(openWithAgeCli(key, sealed)).toEqual(report);
  });

  it('--out refuses to replace an existing file', async () => {
    const key = join(tempDir('keygen-twice'), 'key.txt');
    expect((await runCli(['receive', 'keygen', '--out', key])).code).toBe(0);
    const before = readFileSync(key, 'utf8');
    const r = await runCli(['receive', 'keygen', '--out', key]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists; not replacing an identity/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(key, 'utf8')).toBe(before);
  });

  it('--out into a folder that does not exist is refused in one line (exit 2), creating nothing', async () => {
    const dir = tempDir('keygen-nofolder');
    const key = join(dir, 'missing', 'key.txt');
    const r = await runCli(['receive', 'keygen', '--out', key]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/folder .*missing.* does not exist/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('without --out behaves like age-keygen: the identity on stdout, the public key on stderr', async () => {
    const r = await runCli(['receive', 'keygen']);
    expect(r.code).toBe(0);
    const identity = parseIdentityFile(r.stdout, 'stdout');
    expect(r.stderr).toBe(`Public key: ${await recipientOf(identity)}\n`);
  });

  it('reads identity files made by age-keygen', async () => {
    const key = join(tempDir('age-keygen'), 'key.txt');
    expect(spawnSync('age-keygen', ['-o', key]).status).toBe(0);
    const identity = parseIdentityFile(readFileSync(key, 'utf8'), key);
    expect(readFileSync(key, 'utf8')).toContain(`# public key: ${await recipientOf(identity)}`);
  });

  it.each([
    ['no identity', '# only a comment\n\n', /holds 0 identities/],
    ['two identities', 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n'.repeat(2), /holds 2 identities/],
    ['a recipient instead', 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\n', /does not hold an age X25519 identity/],
    ['a post-quantum identity', 'AGE-SECRET-KEY-PQ-1QQQQ\n', /does not hold an age X25519 identity/],
  ])('refuses an identity file with %s', (_name, text, message) => {
    expect(() => parseIdentityFile(text, 'key.txt')).toThrow(message);
  });
});

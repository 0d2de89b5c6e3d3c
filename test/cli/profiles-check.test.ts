import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const MIBS = fileURLToPath(new URL('../../mibs/', import.meta.url));

function profileDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'printscan-check-'));
  for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(doc));
  return dir;
}

describe('profiles check', () => {
  it('fails a profile whose extends names no profile --mibs would load, naming the file', async () => {
    const dir = profileDir({ 'acme.json': { id: 'acme', extends: 'no-such-base' } });
    const r = await runCli(['profiles', 'check', join(dir, 'acme.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/acme\.json: \/extends names "no-such-base", which no loaded profile has as id/);
    expect(r.stdout).toBe('');
  });

  it('resolves extends against the bundled profiles and the other files given', async () => {
    const dir = profileDir({ 'base.json': { id: 'acme-base', extends: 'printer-mib' }, 'child.json': { id: 'acme-child', extends: 'acme-base' } });
    const r = await runCli(['profiles', 'check', join(dir, 'child.json'), join(dir, 'base.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`${join(dir, 'child.json')}: ok (profile acme-child, extends acme-base)`, `${join(dir, 'base.json')}: ok (profile acme-base, extends printer-mib)`]);
  });

  it('checks every file before it exits, and skips profile.schema.json', async () => {
    const dir = profileDir({ 'a-bad.json': { id: 'a', colour: 'red' }, 'b-good.json': { id: 'b', extends: 'printer-mib' }, 'c-bad.json': { id: 'c', extends: 'nowhere' } });
    const r = await runCli(['profiles', 'check', join(dir, 'a-bad.json'), join(MIBS, 'profile.schema.json'), join(dir, 'b-good.json'), join(dir, 'c-bad.json')]);
    expect(r.code).toBe(2);
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/a-bad\.json: \/ has unknown key "colour"/);
    expect(errors[1]).toMatch(/profile\.schema\.json: skipped/);
    expect(errors[2]).toMatch(/c-bad\.json: \/extends names "nowhere"/);
    expect(r.stdout).toBe(`${join(dir, 'b-good.json')}: ok (profile b, extends printer-mib)\n`);
  });

  it('takes a directory as --mibs does: every bundled profile checks out', async () => {
    const r = await runCli(['profiles', 'check', MIBS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mibs\/hp\.json: ok \(profile hp, extends printer-mib\)/);
  });
});

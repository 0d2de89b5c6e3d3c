/**
 * The npm package as a user gets it: a copy of the project's sources is packed (`prepack`
 * builds it, as on a fresh clone after `npm ci`), the tarball is installed globally into a
 * temporary prefix, and the installed `printscan` runs from there, away from the checkout.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runProgram } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'printscan-package-'));
const prefix = join(work, 'prefix');
const installed = join(prefix, 'bin', 'printscan');
// npm passes its own settings to the scripts it runs; the commands below must not inherit them
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const printscan = (args: string[]) => runProgram(installed, args, { PRINTSCAN_STATE: join(work, 'state') });

let fleet: Fleet | undefined;

beforeAll(() => {
  const clone = join(work, 'clone');
  for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'bin', 'src', 'mibs']) {
    cpSync(join(ROOT, entry), join(clone, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  const tarball = npm(['pack', '--silent', '--pack-destination', work], clone).trim().split('\n').pop()!;
  // --prefer-offline: the dependencies come from npm's cache, which `npm ci` filled
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], work);
}, 600_000);

afterAll(async () => {
  await fleet?.close();
});

describe('the installed npm package', () => {
  it('holds what runs and nothing of the sources', () => {
    const pkg = join(prefix, 'lib', 'node_modules', 'printscan');
    expect(readdirSync(pkg).sort()).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'mibs', 'node_modules', 'package.json']);
    expect(existsSync(join(pkg, 'dist', 'build'))).toBe(false);
    expect(readdirSync(join(pkg, 'dist'), { recursive: true }).filter((f) => String(f).endsWith('.map'))).toEqual([]);
    expect(existsSync(join(pkg, 'dist', 'report', 'report.schema.json'))).toBe(true);
  });

  it('--version prints the package version', async () => {
    const r = await printscan(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('profiles list names every bundled profile', async () => {
    const r = await printscan(['profiles', 'list', '--json']);
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as { file: string }[]).map((p) => p.file).sort();
    const bundled = readdirSync(join(ROOT, 'mibs')).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(files).toEqual(bundled.map((f) => `mibs/${f}`).sort());
  });

  it('demo starts the demo fleet and lists its four imaging devices', async () => {
    const r = await printscan(['demo', '--json']);
    expect(r.code).toBe(0);
    const { devices } = JSON.parse(r.stdout) as { devices: { vendor?: string }[] };
    expect(devices).toHaveLength(4);
    expect(devices.every((d) => typeof d.vendor === 'string')).toBe(true);
  });

  it('receive keygen prints an age recipient', async () => {
    const r = await printscan(['receive', 'keygen', '--out', join(work, 'key.txt')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
  });

  it('scan --push delivers the simulator fleet to the installed receive', async () => {
    const recordings = join(ROOT, 'src', 'sim', 'demo-fleet');
    const files = readdirSync(recordings).sort().map((f) => join(recordings, f));
    fleet = await startFleet({ files, base: '127.58.0.1', port: 0, layout: 'address' });
    const data = join(work, 'receiver');
    const receiver = spawn(installed, ['receive', '--listen', '127.0.0.1:0', '--data', data, '--self-signed'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const [line] = (await once(createInterface({ input: receiver.stdout }), 'line')) as [string];
      const { url, ca } = JSON.parse(line) as { url: string; ca: string };
      const [{ token }] = JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8')) as { token: string }[];
      const range = `127.58.0.1-${files.length}`;
      const r = await printscan(['scan', range, '--port', String(fleet.devices[0].port), '--quiet', '--json', '--push', '--server', url, '--token', token, '--ca', ca]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const scanned = JSON.parse(r.stdout) as { devices: unknown[] };
      const stored = readFileSync(join(data, 'reports.ndjson'), 'utf8').trim().split('\n');
      expect(stored).toHaveLength(1);
      expect((JSON.parse(stored[0]) as { devices: unknown[] }).devices).toHaveLength(scanned.devices.length);
      expect(scanned.devices.length).toBeGreaterThan(0);
    } finally {
      receiver.kill('SIGTERM');
    }
  });
});

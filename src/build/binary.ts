/**
 * `npm run build:binary [-- --target linux-x64|linux-arm64|win-x64|darwin-x64]`: the single
 * executable, dist/bin/printscan (printscan.exe for Windows). A Node single executable
 * application: the esbuild bundle as a blob, injected with postject into the pinned Node runtime
 * of the target. For the machine it runs on the blob carries V8's code cache; a cross-built
 * blob cannot (the cache belongs to the Node that made it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packagePath } from '../package-files.js';
import { bundleExecutable } from './bundle.js';
import { executableName, hostTarget, isTarget, nodeRuntime, TARGET_RUNTIME, TARGETS, type Target } from './runtimes.js';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const CACHE = process.env.PRINTSCAN_NODE_CACHE ?? packagePath('node_modules/.cache/printscan-node');

/** The target, and where its executable goes: dist/bin/ for this machine, dist/bin/<target>/ for a named one. */
function chosenTarget(): { target: Target; outDir: string } {
  const { values } = parseArgs({ options: { target: { type: 'string' } } });
  const target = values.target ?? hostTarget();
  if (target === undefined) throw new Error(`this machine (${process.platform}-${process.arch}) is no target; pass --target ${TARGETS.join('|')}`);
  if (!isTarget(target)) throw new Error(`unknown --target "${target}"; choose one of ${TARGETS.join(', ')}`);
  return { target, outDir: packagePath(values.target ? `dist/bin/${target}` : 'dist/bin') };
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function buildBinary(target: Target, outDir: string): Promise<string> {
  const host = hostTarget();
  const version = TARGET_RUNTIME[target];
  if (host === undefined) throw new Error(`cannot build on ${process.platform}-${process.arch}: no Node runtime of that kind is pinned`);
  const work = join(CACHE, 'work', target);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const files = await bundleExecutable(join(work, 'printscan.cjs'));
  const native = target === host;
  const config = { main: join(work, 'printscan.cjs'), output: join(work, 'sea.blob'), disableExperimentalSEAWarning: true, useCodeCache: native, useSnapshot: false };
  writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
  // The blob is made by a Node of the same version as the runtime it goes into.
  run(nodeRuntime(host, version, CACHE), ['--experimental-sea-config', join(work, 'sea-config.json')]);

  const out = join(outDir, executableName(target));
  mkdirSync(outDir, { recursive: true });
  rmSync(out, { force: true });
  const runtime = nodeRuntime(target, version, CACHE);
  // node.exe carries the OpenJS Foundation's Authenticode signature, which injection would break.
  if (target.startsWith('win-')) run('osslsigncode', ['remove-signature', '-in', runtime, '-out', out]);
  else copyFileSync(runtime, out);
  const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
  const macho = target.startsWith('darwin-') ? ['--macho-segment-name', 'NODE_SEA'] : [];
  // postject warns about ELF note sections it cannot name; they are harmless and hide nothing else of use
  execFileSync(process.execPath, [postject, out, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', SEA_FUSE, ...macho], { stdio: 'ignore' });
  process.stderr.write(`${out}: ${target}, Node ${version}, ${files} package files, ${(statSync(out).size / 1e6).toFixed(1)} MB${native ? ', code cache' : ''}\n`);
  return out;
}

let chosen: ReturnType<typeof chosenTarget> | undefined;
try {
  chosen = chosenTarget();
  await buildBinary(chosen.target, chosen.outDir);
} catch (e) {
  process.stderr.write(`build:binary: ${(e as Error).message}\n`);
  process.exitCode = chosen ? 1 : 2; // 2: the command line was wrong
}

// The single executable beside the npm install: size, gzipped size, and start-up of `--version`
// and `profiles list` as a ratio to `node bin/printscan.js` (goal: below 1, the executable starts faster).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

const RUNS = 9;

async function gzippedBytes(file) {
  let bytes = 0;
  await pipeline(createReadStream(file), createGzip(), new Writable({ write: (chunk, _enc, done) => ((bytes += chunk.length), done()) }));
  return bytes;
}

/** Median wall time of `command args` over RUNS runs, in ms. */
function startup(command, args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

export async function benchExecutable(root) {
  const exe = join(root, 'dist/bin', process.platform === 'win32' ? 'printscan.exe' : 'printscan');
  if (!existsSync(exe)) spawnSync('npm', ['run', 'build:binary', '--silent'], { cwd: root, stdio: 'inherit' });
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  console.log('## the single executable (`npm run build:binary`) beside `node bin/printscan.js`\n');
  console.log(`executable: ${mb(statSync(exe).size)}, gzipped ${mb(await gzippedBytes(exe))}\n`);
  console.log(`| command | node bin/printscan.js | executable | ratio (median of ${RUNS}) |`);
  console.log('|---|---|---|---|');
  for (const args of [['--version'], ['profiles', 'list']]) {
    const node = startup(process.execPath, [join(root, 'bin/printscan.js'), ...args]);
    const single = startup(exe, args);
    console.log(`| printscan ${args.join(' ')} | ${node.toFixed(0)} ms | ${single.toFixed(0)} ms | ${(single / node).toFixed(2)} |`);
  }
  console.log('');
}

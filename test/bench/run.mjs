#!/usr/bin/env node
// printscan benchmark (not a test): sweeps loopback fleets and prints figures.
//   1. the project simulator: a /24 with 20 printers, a /16 with 200, the /16 again with 10 % loss
//   2. the lab's snmpsim fleets with the peer scanners, in the same run (../shared/lab/peers.sh)
// Every packet goes to 127.0.0.0/8. Usage: npm run bench [-- --no-peers]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/printscan.js');
const LAB = join(ROOT, '../shared/lab');
const work = mkdtempSync(join(tmpdir(), 'printscan-bench-'));
const DEMO = ['01-mono-laser', '02-colour-mfp', '03-inkjet', '04-label-printer'].map((f) => join(ROOT, 'src/sim/demo-fleet', `${f}.snmprec`));
const SIM_PORT = 16_300;

/** Deterministic spread of n printers over a /24 or /16 (never .0 or .255 hosts). */
function spread(prefix, n, wide) {
  const out = new Set();
  let x = 12345;
  while (out.size < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const host = 1 + ((x >>> 8) % 254);
    out.add(wide ? `${prefix}.${(x >>> 20) % 256}.${host}` : `${prefix}.${host}`);
  }
  return [...out];
}

function startSim(name, addresses, extra = []) {
  const map = join(work, `${name}.map`);
  writeFileSync(map, addresses.map((a, i) => `${a}:${SIM_PORT}\t${DEMO[i % DEMO.length]}`).join('\n') + '\n');
  const child = spawn(process.execPath, [BIN, 'sim', '--map', map, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let lines = 0;
    child.stdout.on('data', (d) => {
      lines += String(d).split('\n').filter(Boolean).length;
      if (lines >= addresses.length) resolve(child);
    });
  });
}

/** Runs the CLI, polling the child's peak RSS (VmHWM) until it exits. */
function timed(args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {}
    }, 20);
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => {
      clearInterval(poll);
      resolve({ seconds: (performance.now() - t0) / 1000, peakMb: peakKb / 1024, out });
    });
  });
}

async function scenario(label, cidr, addresses, count, opts = {}) {
  const sim = await startSim(label.replace(/\W+/g, '-'), addresses, opts.sim ?? []);
  const args = ['discover', cidr, '--port', String(SIM_PORT), '--timeout', '1000', '--retries', String(opts.retries ?? 0), '--ndjson', '--quiet', '--state', join(work, 'state')];
  const r = await timed(args);
  sim.kill('SIGTERM');
  const found = new Set(r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l).ip));
  const hit = addresses.filter((a) => found.has(a)).length;
  console.log(`| ${label} | ${r.seconds.toFixed(2)} s | ${Math.round(count / r.seconds).toLocaleString('en')} | ${hit}/${addresses.length} | ${r.peakMb.toFixed(0)} MB |`);
}

console.log('## printscan against the project simulator (--timeout 1000)\n');
console.log('| scenario | wall | addresses/s | found | peak RSS |');
console.log('|---|---|---|---|---|');
await scenario('/24, 20 printers, --retries 0', '127.41.0.0/24', spread('127.41.0', 20, false), 254);
const wideFleet = spread('127.42', 200, true);
await scenario('/16, 200 printers, --retries 0', '127.42.0.0/16', wideFleet, 65_534);
await scenario('/16, 200 printers, 10 % loss, --retries 1', '127.42.0.0/16', wideFleet, 65_534, { retries: 1, sim: ['--drop', '0.1'] });

if (process.argv.includes('--no-peers') || !existsSync(join(LAB, 'peers.sh'))) {
  console.log('\n(peers skipped: ../shared/lab missing or --no-peers)');
  process.exit(0);
}
const tools = join(work, 'extra-tools.tsv');
writeFileSync(
  tools,
  [
    'node-floor\tnode physlimit.mjs --target {CIDR} --wait 1000 --print 1',
    `printscan\tnode ${BIN} discover {CIDR} --community {COMMUNITY} --timeout 1000 --retries 0 --ndjson --quiet --state ${join(work, 'state')}`,
    '',
  ].join('\n'),
);
console.log('\n## the lab fleets (snmpsim), printscan beside the peers, one run\n');
const r = spawnSync('bash', [join(LAB, 'peers.sh'), 's1', 's2'], {
  env: { ...process.env, EXTRA_TOOLS: tools, TOOLS: process.env.TOOLS ?? 'node-floor printscan onesixtyone-w0 nmap-T5-tuned', REPS: process.env.REPS ?? '3', SKIP_SLOW: '1' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.exit(r.status ?? 1);

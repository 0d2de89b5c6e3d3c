#!/usr/bin/env node
// printscan benchmark (not a test): sweeps loopback fleets and prints figures.
//   0. the single executable: size, gzipped size, start-up against the npm install (alone: -- --executable-only)
//   1. the project simulator: a /24 with 20 printers, a /16 with 200, the /16 again with 10 % loss
//   2. collect: 200 mixed simulated devices; the lab's 200 snmpsim printers beside snmpbulkwalk of their whole trees
//   3. scale: a /12 of the lab fleets and a /16 where every address answers, beside the one-socket floor (scale.mjs)
//   4. the lab's snmpsim fleets with the peer scanners, in the same run (../shared/lab/peers.sh)
//   5. opt-in, root: the slow-link field lab at 100/20/5 Mbit/s, both shapes (field.mjs)
// Every packet goes to 127.0.0.0/8, or stays inside the field lab's own network namespaces.
// Usage: npm run bench [-- --no-peers] [-- --no-collect] [-- --no-executable] [-- --no-scale] [-- --field]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchExecutable } from './executable.mjs';
import { benchField } from './field.mjs';
import { benchScale, measure } from './scale.mjs';

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

/** Runs the CLI, timing it and sampling its peak RSS. */
const timed = (args) => measure(process.execPath, [BIN, ...args]);

async function scenario(label, cidr, addresses, count, opts = {}) {
  const sim = await startSim(label.replace(/\W+/g, '-'), addresses, opts.sim ?? []);
  const args = ['discover', cidr, '--port', String(SIM_PORT), '--timeout', '1000', '--retries', String(opts.retries ?? 0), '--ndjson', '--quiet', '--state', join(work, 'state')];
  const r = await timed(args);
  sim.kill('SIGTERM');
  const found = new Set(r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l).ip));
  const hit = addresses.filter((a) => found.has(a)).length;
  console.log(`| ${label} | ${r.seconds.toFixed(2)} s | ${Math.round(count / r.seconds).toLocaleString('en')} | ${hit}/${addresses.length} | ${r.peakMb.toFixed(0)} MB |`);
}

if (!process.argv.includes('--no-executable')) await benchExecutable(ROOT);
if (process.argv.includes('--executable-only')) process.exit(0);

console.log('## printscan against the project simulator (--timeout 1000)\n');
console.log('| scenario | wall | addresses/s | found | peak RSS |');
console.log('|---|---|---|---|---|');
await scenario('/24, 20 printers, --retries 0', '127.41.0.0/24', spread('127.41.0', 20, false), 254);
const wideFleet = spread('127.42', 200, true);
await scenario('/16, 200 printers, --retries 0', '127.42.0.0/16', wideFleet, 65_534);
await scenario('/16, 200 printers, 10 % loss, --retries 1', '127.42.0.0/16', wideFleet, 65_534, { retries: 1, sim: ['--drop', '0.1'] });

const FIXTURES = join(ROOT, 'test/fixtures/collect');
const MIXED = [...DEMO, ...(existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.snmprec')).map((f) => join(FIXTURES, f)) : [])];

let lastState;

/** The reference receiver on loopback; resolves with its startup line and its token. */
function startReceiver() {
  const data = mkdtempSync(join(work, 'receiver-'));
  const child = spawn(process.execPath, [BIN, 'receive', '--listen', '127.0.0.1:0', '--data', data, '--self-signed'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (line) => {
      const info = JSON.parse(String(line).split('\n')[0]);
      const [{ token }] = JSON.parse(readFileSync(join(data, 'tokens.json'), 'utf8'));
      resolve({ ...info, token, data, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** Seal the last scan's report and push it over HTTPS to the reference receiver. */
async function pushScenario(label) {
  const receiver = await startReceiver();
  const r = await timed(['push', '--state', lastState, '--server', receiver.url, '--token', receiver.token, '--ca', receiver.ca]);
  receiver.stop();
  const m = /sealed report \S+: (\d+) devices, ([\d.]+) KB JSON → ([\d.]+) KB sealed/.exec(r.err);
  console.log(`| ${label} | ${r.seconds.toFixed(2)} s | ${m ? `${m[1]} devices: ${m[2]} KB JSON → ${m[3]} KB sealed` : r.err.trim()} | ${r.peakMb.toFixed(0)} MB |`);
}

/**
 * `printscan scan` of the fleet's addresses as a list (a sweep of answering hosts only, then
 * the collect of each), then `printscan collect` of the inventory it made, as cron runs it.
 */
async function collectScenario(label, addresses, port, { recurring = true } = {}) {
  const list = join(work, `${label.replace(/\W+/g, '-')}.txt`);
  writeFileSync(list, addresses.join('\n') + '\n');
  const state = mkdtempSync(join(work, 'collect-state-'));
  const common = ['--snmp-version', '2c', '--timeout', '1000', '--json', '--quiet', '--state', state];
  const row = (what, r, s) => {
    const perDevice = (n) => (s.devices > 0 ? n / s.devices : 0);
    console.log(
      `| ${label}: ${what} | ${r.seconds.toFixed(2)} s | ${s.collected}/${addresses.length} | ${perDevice(s.requests).toFixed(1)} | ${(perDevice(s.bytesOut + s.bytesIn) / 1024).toFixed(1)} KB | ${r.peakMb.toFixed(0)} MB |`,
    );
  };
  const scanned = await timed(['scan', `@${list}`, '--port', String(port), ...common]);
  row('scan (discover + first collect)', scanned, JSON.parse(scanned.out).summary.collect);
  lastState = state;
  if (!recurring) return { list, seconds: scanned.seconds };
  const collected = await timed(['collect', ...common]);
  row('collect (the inventory, as cron runs it)', collected, JSON.parse(collected.out).summary.collect);
  return { list, seconds: collected.seconds };
}

/** The lab's s2 printers: the addresses its snmpsimd serves. */
function labAddresses(fleet) {
  const writable = spawnSync('test', ['-w', LAB]).status === 0;
  const state = process.env.LAB_STATE ?? (writable ? LAB : join(process.env.TMPDIR ?? '/tmp', 'printscan-lab'));
  const args = readFileSync(join(state, 'run', fleet, 'endpoints.args'), 'utf8');
  return [...args.matchAll(/endpoint=(127\.[\d.]+):161/g)].map((m) => m[1]);
}

if (!process.argv.includes('--no-collect')) {
  console.log('\n## collect (v2c, --timeout 1000): `printscan scan` of the fleet as an address list\n');
  console.log('| fleet | wall | collected | requests/device | bytes on the wire/device | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  const mixed = spread('127.43', 200, true);
  const map = join(work, 'mixed.map');
  writeFileSync(map, mixed.map((a, i) => `${a}:${SIM_PORT}\t${MIXED[i % MIXED.length]}`).join('\n') + '\n');
  const sim = spawn(process.execPath, [BIN, 'sim', '--map', map], { stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((r) => setTimeout(r, 1500));
  // The same recordings repeat at many addresses: the inventory merges devices by serial, so no recurring collect here.
  await collectScenario(`project simulator, 200 devices of ${MIXED.length} kinds`, mixed, SIM_PORT, { recurring: false });
  sim.kill('SIGTERM');
  if (existsSync(join(LAB, 'lab-up.sh'))) {
    const up = spawnSync('bash', [join(LAB, 'lab-up.sh'), 's2'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (up.status === 0) {
      const { list, seconds } = await collectScenario('lab s2, 200 printers (snmpsim)', labAddresses('s2'), 161);
      const t0 = performance.now();
      spawnSync('sh', ['-c', `xargs -P16 -I{} snmpbulkwalk -v2c -c public -t 1 -r 1 {} .1 < ${list} > /dev/null 2>&1`]);
      const walk = (performance.now() - t0) / 1000;
      console.log(`| snmpbulkwalk of the same devices' whole trees, 16 in parallel | ${walk.toFixed(2)} s | | | | |`);
      console.log(`\ncollect / snmpbulkwalk: ${(seconds / walk).toFixed(2)} (target ≤ 1.0)`);
    }
  }
  console.log('\n## push: seal that report and send it over HTTPS to `printscan receive` on loopback\n');
  console.log('| report | wall (whole command) | size | peak RSS |');
  console.log('|---|---|---|---|');
  await pushScenario(`the last collect's report`);
  console.log('');
}

const reps = Number(process.env.REPS ?? '3');
if (!process.argv.includes('--no-scale') && existsSync(join(LAB, 'physlimit.mjs'))) await benchScale({ bins: [BIN], reps });
if (process.argv.includes('--field')) await benchField({ checkouts: [ROOT.replace(/\/$/, '')], reps });

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

#!/usr/bin/env node
// Scale figures on the lab fleets (../shared/lab, brought up with lab-up.sh s1 s2 dense):
//   a /12 holding the s1 + s2 printers (1,048,574 addresses, default flags) beside the one-socket floor,
//   the dense /16 where every address answers (--all) beside the floor at 40,000/s, with peak RSS,
//   and a /8 projection from the /12's cost per address.
// Usage: node test/bench/scale.mjs [--reps 3] [--bin path/to/bin/printscan.js]... (several --bin: runs
// interleaved, medians side by side, for a comparison measured in the same time window)
// Every packet goes to 127.0.0.0/8.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAB = join(ROOT, '../shared/lab');
const SLASH12 = 1_048_574;
const DENSE_FLOOR_RATE = 40_000;

function option(name, fallback) {
  const values = process.argv.flatMap((a, i) => (a === name ? [process.argv[i + 1]] : []));
  return values.length > 0 ? values : fallback;
}

/** Runs a command, timing it and sampling its peak RSS (VmHWM) until it exits. */
export function measure(command, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {}
    }, 20);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      clearInterval(poll);
      resolve({ seconds: (performance.now() - t0) / 1000, peakMb: peakKb / 1024, out, err });
    });
  });
}

function labState() {
  const writable = spawnSync('test', ['-w', LAB]).status === 0;
  return process.env.LAB_STATE ?? (writable ? LAB : join(process.env.TMPDIR ?? '/tmp', 'printscan-lab'));
}

/** The printers a lab fleet serves (its snmpsimd endpoints). */
function labPrinters(fleet) {
  const args = readFileSync(join(labState(), 'run', fleet, 'endpoints.args'), 'utf8');
  return [...args.matchAll(/endpoint=(127\.[\d.]+):161/g)].map((m) => m[1]);
}

const addressesIn = (out) => new Set([...out.matchAll(/(?:"ip":")?(127\.\d+\.\d+\.\d+)/g)].map((m) => m[1]));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One row per work: the floor once per rep, each printscan checkout once per rep, interleaved. */
async function compare(label, floorArgs, scanArgs, truth, bins, reps) {
  const runs = { floor: [] };
  for (const bin of bins) runs[bin] = [];
  for (let rep = 0; rep < reps; rep++) {
    runs.floor.push(await measure(process.execPath, [join(LAB, 'physlimit.mjs'), ...floorArgs, '--print', '1']));
    for (const bin of bins) runs[bin].push(await measure(process.execPath, [bin, ...scanArgs()]));
  }
  const floor = median(runs.floor.map((r) => r.seconds));
  console.log(`| ${label}: one-socket floor | ${floor.toFixed(2)} s | | ${median(runs.floor.map((r) => found(r.out, truth)))}/${truth.length} | |`);
  for (const bin of bins) {
    const rs = runs[bin];
    const wall = median(rs.map((r) => r.seconds));
    const hits = rs.map((r) => found(r.out, truth)).join(', ');
    const rss = rs.map((r) => r.peakMb.toFixed(0)).join(', ');
    console.log(`| ${label}: ${bin} | ${wall.toFixed(2)} s (${rs.map((r) => r.seconds.toFixed(1)).join(', ')}) | ${(wall / floor).toFixed(2)}× | ${hits} of ${truth.length} | ${rss} MB |`);
  }
  return { floor, runs };
}

function found(out, truth) {
  const seen = addressesIn(out);
  return truth.filter((a) => seen.has(a)).length;
}

export async function benchScale({ bins, reps }) {
  const state = mkdtempSync(join(tmpdir(), 'printscan-scale-'));
  const up = spawnSync('bash', [join(LAB, 'lab-up.sh'), 's1', 's2', 'dense'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (up.status !== 0) {
    console.log('\n(scale skipped: the lab did not come up)');
    return;
  }
  console.log(`\n## scale: the lab fleets, default flags, median of ${reps} interleaved runs (all runs in brackets)\n`);
  console.log('| work | wall | × floor | found | peak RSS |');
  console.log('|---|---|---|---|---|');
  const printers = [...labPrinters('s1'), ...labPrinters('s2')];
  const common = ['--community', 'public', '--timeout', '1000', '--ndjson', '--quiet', '--state', join(state, 'st')];
  const wide = await compare('/12, s1 + s2 printers', ['--target', '127.0.0.0/12', '--wait', '1000'], () => ['discover', '127.0.0.0/12', '--max-hosts', '1048576', ...common], printers, bins, reps);
  const dense = Array.from({ length: 65_534 }, (_, i) => `127.3.${(i + 1) >> 8}.${(i + 1) & 255}`);
  await compare('/16, every address answers, --all', ['--target', '127.3.0.0/16', '--port', '1161', '--rate', String(DENSE_FLOOR_RATE), '--wait', '1000'], () => ['discover', '127.3.0.0/16', '--port', '1161', '--all', ...common], dense, bins, reps);
  for (const bin of bins) {
    const r = wide.runs[bin];
    const perAddressUs = (median(r.map((x) => x.seconds)) / SLASH12) * 1e6;
    const rss = median(r.map((x) => x.peakMb));
    console.log(`\n/8 projection (${bin}): 16,777,214 addresses × ${perAddressUs.toFixed(1)} µs = ${((perAddressUs * 16_777_214) / 1e6 / 60).toFixed(1)} min; memory stays near the /12's ${rss.toFixed(0)} MB (flat per address, grows only with responders)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchScale({ bins: option('--bin', [join(ROOT, 'bin/printscan.js')]), reps: Number(option('--reps', ['3'])[0]) });
}

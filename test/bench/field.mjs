#!/usr/bin/env node
// The slow-link field lab (../shared/lab/FIELD.md): 200 printers in 198.18.0.0/16 behind a tbf
// bottleneck, in network namespaces with no route out. Needs root; opt-in (npm run bench -- --field).
// Per shape (router: a box in the middle drops; local: our own socket is back-pressured) and link
// rate, each tool's printers found and median time: printscan with default flags beside fixed
// --rate values and onesixtyone -w0 (nmap -T4 too with FIELD_NMAP=1: ~2 min a run).
// Usage: node test/bench/field.mjs [--reps 3] [--checkout DIR]... (default: this checkout; several: side by side)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAB = join(ROOT, '../shared/lab');
const RATES = ['100mbit', '20mbit', '5mbit'];
const SHAPES = ['router', 'local'];
const FIXED = ['ps-r5000', 'ps-r20000', 'ps-r50000', 'ots-w0', ...(process.env.FIELD_NMAP === '1' ? ['nmap'] : [])];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function fieldBench(env) {
  return spawnSync('bash', [join(LAB, 'field-bench.sh')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Rows of results.tsv: shape, rate, tool, found, of, wall seconds. */
function results(out) {
  const lines = readFileSync(join(out, 'results.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split('\t')).map((f) => ({ shape: f[1], rate: f[2], tool: f[3], found: Number(f[5]), of: Number(f[6]), wall: Number(f[7]) }));
}

export async function benchField({ checkouts, reps }) {
  if (process.getuid?.() !== 0 || !existsSync(join(LAB, 'field-bench.sh'))) {
    console.log('\n(field lab skipped: it needs root and ../shared/lab)');
    return;
  }
  const up = spawnSync('bash', [join(LAB, 'field-up.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (up.status !== 0) {
    console.log('\n(field lab skipped: field-up.sh failed)');
    return;
  }
  const rows = [];
  for (const shape of SHAPES) {
    for (let rep = 0; rep < reps; rep++) {
      // Interleaved: each rep runs every checkout and tool at every rate before the next.
      checkouts.forEach((dir, i) => {
        const out = mkdtempSync(join(tmpdir(), 'printscan-field-'));
        const tools = i === 0 ? ['ps-default', ...FIXED] : ['ps-default'];
        fieldBench({ PRINTSCAN: dir, SHAPE: shape, RATES: RATES.join(' '), TOOLS: tools.join(' '), REPS: '1', OUT: out });
        for (const r of results(out)) rows.push({ ...r, tool: r.tool === 'ps-default' ? `printscan ${basename(dir)}` : r.tool });
      });
    }
  }
  spawnSync('bash', [join(LAB, 'field-down.sh')], { stdio: 'ignore' });
  const tools = [...new Set(rows.map((r) => r.tool))];
  console.log(`\n## the field lab: 200 printers in a /16 behind a slow link, median of ${reps} (found: each run)\n`);
  console.log(`| shape | link | ${tools.join(' | ')} |`);
  console.log(`|---|---|${tools.map(() => '---|').join('')}`);
  for (const shape of SHAPES) {
    for (const rate of RATES) {
      const cells = tools.map((tool) => {
        const rs = rows.filter((r) => r.shape === shape && r.rate === rate && r.tool === tool);
        return rs.length ? `${rs.map((r) => r.found).join(', ')} of ${rs[0].of}, ${median(rs.map((r) => r.wall)).toFixed(1)} s` : '';
      });
      console.log(`| ${shape} | ${rate} | ${cells.join(' | ')} |`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const checkouts = process.argv.flatMap((a, i) => (a === '--checkout' ? [process.argv[i + 1]] : []));
  const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 1;
  await benchField({ checkouts: checkouts.length ? checkouts : [ROOT.replace(/\/$/, '')], reps });
}

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { acceptanceCases, RECORDINGS_ROOT, scoreByVendor, type Case, type Check } from '../helpers/acceptance.js';
import { available, canServeRecordings, SERVE_RECORDINGS } from '../helpers/agents.js';
import { ndjson, runCli } from '../helpers/cli.js';

const present = available(existsSync(RECORDINGS_ROOT), '../shared/recordings');
const canServe = present && canServeRecordings();

const work = mkdtempSync(join(tmpdir(), 'printscan-accept-'));
// snmpsimd drops to nobody: it must be able to walk into its data directory.
chmodSync(work, 0o755);
const cases: Case[] = present ? acceptanceCases(work) : [];
// Loopback addresses of this run's own: other worktrees may run this suite at the same time.
const NET = 1 + (process.pid % 250);
const SNMPSIM_PREFIX = `127.36.${NET}`;
const SIM_BASE = `127.37.${NET}.1`;
let fleet: Fleet | undefined;

beforeAll(async () => {
  if (!present) return;
  fleet = await startFleet({ files: cases.map((c) => c.path), base: SIM_BASE, port: 0, layout: 'address' });
  if (!canServe) return;
  const r = spawnSync('bash', [SERVE_RECORDINGS, 'start', 'printscan-accept', SNMPSIM_PREFIX, ...cases.map((c) => c.path)], {
    env: { ...process.env, LAB_STATE: work },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`serve-recordings failed: ${r.stderr}`);
});
afterAll(async () => {
  await fleet?.close();
  if (canServe) spawnSync('bash', [SERVE_RECORDINGS, 'stop', 'printscan-accept'], { env: { ...process.env, LAB_STATE: work } });
});

async function scanAndScore(agent: string, range: string, port: number, addressOf: (i: number) => string) {
  const state = mkdtempSync(join(tmpdir(), 'printscan-accept-state-'));
  const r = await runCli(['scan', range, '--port', String(port), '--snmp-version', '2c', '--ndjson', '--timeout', '2000', '--state', state, '--quiet']);
  expect(r.stderr).toBe('');
  const byIp = new Map(ndjson(r.stdout).map((d) => [d.ip as string, d]));
  const results = cases.map((c, i) => ({ case: c, checks: c.expect(byIp.get(addressOf(i))) }));
  const scores = scoreByVendor(results);
  console.log(
    `collect acceptance via ${agent}: ` +
      scores.map((s) => `${s.vendor} ${s.passed}/${s.checks}`).join(', ') +
      ` — total ${scores.reduce((n, s) => n + s.passed, 0)}/${scores.reduce((n, s) => n + s.checks, 0)}`,
  );
  const failed = results.flatMap(({ case: c, checks }) => checks.filter((k: Check) => !k.ok).map((k) => `${c.file}: ${k.what}: ${k.detail}`));
  expect(failed).toEqual([]);
  expect(results.reduce((n, x) => n + x.checks.length, 0)).toBeGreaterThan(100);
}

describe.skipIf(!present)('collect acceptance against the shared recordings and their expected results', () => {
  it('matches serials, MACs, counters, models, firmware and supplies exactly (project simulator)', async () => {
    await scanAndScore('the project simulator', `${SIM_BASE}-${cases.length}`, fleet!.devices[0].port, (i) => `127.37.${NET}.${i + 1}`);
  });

  it.skipIf(!canServe)('does the same against snmpsim serving the same files', async () => {
    await scanAndScore('snmpsim', `${SNMPSIM_PREFIX}.1-${cases.length}`, 161, (i) => `${SNMPSIM_PREFIX}.${i + 1}`);
  });
});

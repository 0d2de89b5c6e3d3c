/**
 * kill -9 at every step that matters of `scan --push` and `push`, then a clean push: every
 * report made reaches the receiver exactly once, and the state directory holds no torn or
 * leftover file. The narrow windows are hit deterministically: PRINTSCAN_TEST_PAUSE stops the
 * process at a named point until it is killed; a second round kills at increasing delays.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTemporaryName } from '../../src/fs/atomic-write.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receive/server.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { cliCommand, runCli } from '../helpers/cli.js';
import { pausedAt } from '../helpers/pause.js';
import { writeTokens } from '../receive/helpers.js';

const SIM_BASE = '127.51.0.1';
const DEVICES = 2;
const COMMUNITY = 'kill-loop-community';
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-kill-${name}-`));

let fleet: Fleet;
let receiver: Receiver;
let token: string;
const requests: ReceiverEvent[] = [];

beforeAll(async () => {
  fleet = await startFleet({ files: DEMO_FLEET_FILES.slice(0, DEVICES), base: SIM_BASE, port: 0, layout: 'address', community: COMMUNITY });
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['killed']);
  token = tokens.killed;
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed', log: (e) => requests.push(e) });
});
afterAll(async () => {
  await receiver?.close();
  await fleet?.close();
});

const server = () => ['--server', receiver.url, '--token', token, '--ca', receiver.caPath!];
const scanArgs = (state: string) => ['scan', `${SIM_BASE}-${DEVICES}`, '--port', String(fleet.devices[0].port), '--community', COMMUNITY, '--state', state, '--quiet', '--push', ...server()];
const pushArgs = (state: string) => ['push', '--state', state, '--quiet', ...server()];

/** How many times the receiver stored each report. */
function stored(): Map<string, number> {
  const file = join(receiver.dataDir, 'reports.ndjson');
  const counts = new Map<string, number>();
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const { reportId } = JSON.parse(line) as { reportId: string };
    counts.set(reportId, (counts.get(reportId) ?? 0) + 1);
  }
  return counts;
}

const posts = (reportId: string) => requests.filter((e) => e.type === 'request' && e.method === 'POST' && e.reportId === reportId).length;
const names = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
const pending = (state: string) => names(join(state, 'pending')).map((n) => n.replace(/\.json$/, ''));
const spooled = (state: string) => names(join(state, 'spool')).filter((n) => n.endsWith('.json.gz.age')).map((n) => n.slice(-'.json.gz.age'.length - 36, -'.json.gz.age'.length));
const latestId = (state: string) => (existsSync(join(state, 'latest-report.json')) ? (JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')) as { reportId: string }).reportId : undefined);
const temporaries = (state: string) =>
  readdirSync(state, { recursive: true, withFileTypes: true })
    .filter((d) => isTemporaryName(d.name))
    .map((d) => join(d.parentPath, d.name));

/** Every report the state directory knows of: pending, latest, spooled. One spool entry per report, always. */
function observe(state: string, made: Set<string>): void {
  const inSpool = spooled(state);
  expect(new Set(inSpool).size).toBe(inSpool.length);
  for (const id of [...pending(state), ...inSpool, latestId(state)]) if (id) made.add(id);
}

/** Starts the CLI, waits until it stops at `point`, kills it with SIGKILL. */
async function killAt(point: string, args: string[]): Promise<void> {
  await (await pausedAt(point, args)).kill();
}

/** Starts the CLI and kills it with SIGKILL after `ms`, wherever it is by then. */
async function killAfter(ms: number, args: string[]): Promise<void> {
  const child = spawn(...cliCommand(args), { stdio: 'ignore' });
  const closed = new Promise((resolve) => child.once('close', resolve));
  await Promise.race([sleep(ms), closed]);
  child.kill('SIGKILL');
  await closed;
}

describe('kill -9 at any moment loses no report and duplicates none', () => {
  it('at the named steps of scan --push and push, then a clean push', async () => {
    const state = temp('steps');
    const made = new Set<string>();

    // between keeping the report pending and making it the latest: pending, not yet latest
    await killAt('report-pending', scanArgs(state));
    const kept = pending(state);
    expect(kept).toHaveLength(1);
    expect(latestId(state)).toBeUndefined();
    const status = await runCli(['push', '--status', '--json', '--state', state]);
    expect(JSON.parse(status.stdout)).toMatchObject({ waiting: [], toSeal: kept, latestReport: null });
    observe(state, made);

    // the next scan --push seals the report left pending before it makes its own; killed after sealing that one into the spool
    await killAt('report-spooled', scanArgs(state));
    expect(spooled(state)).toEqual(kept);
    observe(state, made);

    // the next run finds that report sealed already: settled, never sealed twice; the new report is killed in the same window
    await killAt('report-spooled', scanArgs(state));
    expect(pending(state)).toHaveLength(1);
    expect(spooled(state)).toHaveLength(2);
    expect(spooled(state)).toContain(kept[0]);
    observe(state, made);

    // push delivers the oldest and is killed after the server acknowledged it, before it left the spool
    await killAt('report-sent', pushArgs(state));
    expect(stored().get(kept[0])).toBe(1);
    expect(spooled(state)).toContain(kept[0]);
    observe(state, made);

    // killed with a temporary file half way to its name
    await killAt('temporary-written', scanArgs(state));
    expect(temporaries(state).length).toBeGreaterThan(0);
    observe(state, made);

    const clean = await runCli(pushArgs(state));
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    observe(state, made);
    expect(made.size).toBe(2);
    for (const id of made) expect(stored().get(id)).toBe(1);
    // the acknowledged report was sent again once (its reportId is the idempotency key); the other once
    expect(posts(kept[0])).toBe(2);
    expect([...made].map(posts).sort()).toEqual([1, 2]);
    expect(pending(state)).toEqual([]);
    expect(spooled(state)).toEqual([]);
    expect(temporaries(state)).toEqual([]);
  }, 300_000);

  it('at increasing delays over scan --push and push, then a clean push', async () => {
    const state = temp('delays');
    const made = new Set<string>();
    for (let i = 1; i <= 8; i++) {
      await killAfter(i * 600, i % 3 === 0 ? pushArgs(state) : scanArgs(state));
      observe(state, made);
    }
    const clean = await runCli(pushArgs(state));
    expect(clean.code).toBe(0);
    observe(state, made);
    for (const id of made) expect(stored().get(id)).toBe(1);
    expect(pending(state)).toEqual([]);
    expect(spooled(state)).toEqual([]);
    expect(temporaries(state)).toEqual([]);
  }, 300_000);
});

/**
 * The state directory before the first packet: one that cannot be written stops every command
 * that would sweep (exit 2, one line, nothing sent), and a run lock held too long is said loudly,
 * naming its holder, instead of every later cron start doing nothing in silence.
 */
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pausedAt } from '../helpers/pause.js';

const HOST = '127.53.0.1';
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-guard-${name}-`));

/** A UDP port that records every datagram: what the CLI sent it, if anything. */
let listener: Socket;
let port: number;
const received: Buffer[] = [];

beforeAll(async () => {
  listener = createSocket('udp4');
  listener.on('message', (m) => received.push(m));
  await new Promise<void>((resolve) => listener.bind(0, HOST, resolve));
  port = listener.address().port;
});
afterAll(() => listener?.close());

/** Datagrams the CLI sent: a sentinel sent after it exited arrives after anything it sent. */
async function sentByCli(): Promise<Buffer[]> {
  const sender = createSocket('udp4');
  const sentinel = Buffer.from(`sentinel-${Math.random()}`);
  await new Promise<void>((resolve, reject) => sender.send(sentinel, port, HOST, (e) => (e ? reject(e) : resolve())));
  sender.close();
  while (!received.some((m) => m.equals(sentinel))) await new Promise((r) => setTimeout(r, 20));
  const before = received.splice(0).filter((m) => !m.equals(sentinel));
  return before;
}

/** A path under a regular file: no user, root included, can create it. */
function unwritableState(): string {
  const dir = temp('unwritable');
  writeFileSync(join(dir, 'a-file'), '');
  return join(dir, 'a-file', 'state');
}

describe('a state directory that cannot be written', () => {
  it.each([
    ['scan', () => ['scan', `${HOST}:${port}`]],
    ['discover', () => ['discover', `${HOST}:${port}`]],
    ['collect', () => ['collect']],
    ['run', () => ['run', `${HOST}:${port}`, '--uploader', 'file', '--dest', temp('dest')]],
  ])('%s: one line naming it, exit 2, nothing sent', async (_command, args) => {
    const state = unwritableState();
    const r = await runCli([...args(), '--state', state, '--timeout', '2000', '--retries', '0']);
    expect(r.stderr).toBe(`printscan: error: the state directory "${state}" cannot be written (ENOTDIR) (pass --state DIR (or set PRINTSCAN_STATE) to a folder this user can write)\n`);
    expect(r.code).toBe(2);
    expect(await sentByCli()).toEqual([]);
  });

  it('a writable one lets the same scan send its probes (the listener does hear a CLI)', async () => {
    const r = await runCli(['discover', `${HOST}:${port}`, '--state', temp('writable'), '--timeout', '1000', '--retries', '0', '--quiet']);
    expect(r.code).toBe(0);
    expect((await sentByCli()).length).toBeGreaterThan(0);
  });
});

describe('run.lock', () => {
  let recipient: string;
  beforeAll(async () => {
    recipient = await identityToRecipient(await generateX25519Identity());
  });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const lockedState = (holder: object) => {
    const state = temp('locked');
    writeFileSync(join(state, 'run.lock'), JSON.stringify(holder));
    return state;
  };
  const run = (state: string, ...more: string[]) => runCli(['run', '--now', 'push', '--uploader', 'file', '--dest', temp('dest'), '--recipient', recipient, '--state', state, ...more]);

  it('records the pid and start time of the run holding it', async () => {
    const state = temp('holder');
    const before = Date.now();
    const paused = await pausedAt('temporary-written', ['run', '--now', 'push', '--uploader', 'file', '--dest', temp('dest'), '--recipient', recipient, '--state', state]);
    try {
      const holder = JSON.parse(readFileSync(join(state, 'run.lock'), 'utf8')) as { pid: number; startedAt: string };
      expect(holder.pid).toBe(paused.pid);
      expect(Date.parse(holder.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    } finally {
      await paused.kill();
    }
  });

  it('held by a live run younger than two collect intervals: this start does nothing, exit 0, silently under a scheduler', async () => {
    const state = lockedState({ pid: process.pid, startedAt: minutesAgo(29) });
    const cron = await run(state, '--collect-every', '15');
    expect([cron.code, cron.stdout, cron.stderr]).toEqual([0, '', '']);
    const r = await run(state, '--collect-every', '15', '--verbose');
    expect(r.stderr).toMatch(new RegExp(`another printscan \\(pid ${process.pid}\\) is working on this state directory; this start does nothing`));
    expect(r.code).toBe(0);
  });

  it('held by a live run older than two collect intervals: said loudly with its pid and start time, exit 1', async () => {
    const startedAt = minutesAgo(31);
    const state = lockedState({ pid: process.pid, startedAt });
    const r = await run(state, '--collect-every', '15');
    expect(r.stderr).toContain(`printscan: error: run.lock is held by pid ${process.pid}, started at ${startedAt} (31 min ago), longer than any run should take (2 × the 15-minute collect interval): that process is probably stuck`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(state, 'run.lock'), 'utf8'))).toEqual({ pid: process.pid, startedAt });
  });

  it('the interval is the schedule in force: the cached server configuration, unless a flag overrides it', async () => {
    const state = lockedState({ pid: process.pid, startedAt: minutesAgo(90) });
    writeFileSync(join(state, 'server-config.json'), JSON.stringify({ fetchedAt: minutesAgo(100), server: 'https://192.0.2.1', config: { schedule: { collectMinutes: 60 } } }));
    expect((await run(state)).code).toBe(0);
    const r = await run(state, '--collect-every', '30');
    expect(r.stderr).toContain('2 × the 30-minute collect interval');
    expect(r.code).toBe(1);
  });

  it('a lock from before start times were recorded (a bare pid) dates from the file', async () => {
    const state = lockedState({});
    writeFileSync(join(state, 'run.lock'), String(process.pid));
    const r = await run(state, '--collect-every', '15', '--verbose');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/this start does nothing \(that run started at \d{4}-/);
  });

  it('held by a process that no longer exists, however old: taken over, the run works', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const state = lockedState({ pid: Number(gone.stdout.trim()), startedAt: minutesAgo(600) });
    mkdirSync(join(state, 'pending'));
    const r = await run(state, '--collect-every', '15', '--verbose');
    expect(r.stderr).toMatch(/ran: push; next due/);
    expect(r.code).toBe(0);
    expect(readdirSync(state)).not.toContain('run.lock');
  });
});

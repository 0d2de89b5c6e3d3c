/**
 * SIGTERM or SIGINT in the middle of a collect: what was collected is sealed into the spool
 * (sent by the next push), and the process exits without waiting for a slow device to finish.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReport } from '../../src/report/seal.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { cliCommand, ndjson } from '../helpers/cli.js';

const FAST = '127.54.0.1';
const SLOW = '127.54.0.2';
/** each answer of the slow device waits this long: its collect takes minutes */
const SLOW_MS = 3000;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-interrupt-${name}-`));

let fast: Fleet;
let slow: Fleet;
let identity: string;
let recipient: string;

beforeAll(async () => {
  fast = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: FAST, port: 0, layout: 'address' });
  slow = await startFleet({ files: [DEMO_FLEET_FILES[1]], base: SLOW, port: 0, layout: 'address', delayMs: SLOW_MS });
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
});
afterAll(async () => {
  await fast?.close();
  await slow?.close();
});

const targets = () => [`${FAST}:${fast.devices[0].port}`, `${SLOW}:${slow.devices[0].port}`];

describe('a signal mid-collect', () => {
  it.each<[string, NodeJS.Signals, (dest: string) => string[]]>([
    ['run', 'SIGTERM', (dest) => ['run', ...targets(), '--uploader', 'file', '--dest', dest]],
    ['scan --push', 'SIGINT', (dest) => ['scan', ...targets(), '--push', '--uploader', 'file', '--dest', dest]],
  ])('%s, %s: the report of what was collected is in the spool, and the process exits', async (_what, signal, command) => {
    const state = temp('state');
    const dest = temp('dest');
    const args = [...command(dest), '--recipient', recipient, '--state', state, '--ndjson', '--timeout', String(4 * SLOW_MS), '--retries', '0'];
    const child = spawn(...cliCommand(args), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = new Promise<number | null>((resolve) => child.once('close', resolve));
    // the fast device is collected: the slow one is still being read, one answer every few seconds
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n')) resolve();
      }),
    );
    const signalledAt = Date.now();
    child.kill(signal);
    expect(await code).toBe(1);
    // far less than the slow device's collect would take (dozens of answers, SLOW_MS each)
    expect(Date.now() - signalledAt).toBeLessThan(10 * SLOW_MS);
    expect(stderr).toMatch(new RegExp(`printscan: interrupted by ${signal}: what was collected is kept as report [0-9a-f-]{36} \\(1 device\\) for the next push`));

    const printed = ndjson<{ ip: string }>(stdout);
    expect(printed.map((d) => d.ip)).toEqual([FAST]);
    const spool = readdirSync(join(state, 'spool')).filter((n) => n.endsWith('.json.gz.age'));
    expect(spool).toHaveLength(1);
    const report = await openReport(new Uint8Array(readFileSync(join(state, 'spool', spool[0]))), identity);
    expect(report.devices).toEqual(printed);
    expect(JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8')).reportId).toBe(report.reportId);
    // sealed, not sent: the next push sends it
    expect(readdirSync(dest)).toEqual([]);
    expect(existsSync(join(state, 'pending', `${report.reportId}.json`))).toBe(false);
  }, 120_000);
});

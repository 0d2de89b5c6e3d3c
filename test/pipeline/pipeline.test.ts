/** scan, collect, push and run driven through the API: the events they emit, what they return, and nothing printed. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { runCollect, runDue, runPush, runScan, type PipelineEvent, type PushSetup, type ScanSettings } from '../../src/api.js';
import { startReceiver, type Receiver } from '../../src/receive/server.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { fileUploader } from '../../src/upload/file-uploader.js';
import { writeTokens } from '../receive/helpers.js';

const BASE = '127.48.0.1';
const COMMUNITY = 'pipeline-api-c0mmunity';
/** the demo fleet's imaging devices: its switch and server answer but are not collected */
const PRINTERS = DEMO_FLEET_FILES.length - 2;
const temp = (name: string) => mkdtempSync(join(tmpdir(), `printscan-pipeline-${name}-`));

let fleet: Fleet;
let receiver: Receiver;
let token: string;
let scanSettings: ScanSettings;

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: BASE, port: 0, layout: 'address', community: COMMUNITY });
  const data = temp('receiver');
  const { file, tokens } = writeTokens(data, ['site-api']);
  token = tokens['site-api'];
  receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed' });
  const credentials = [{ version: '1' as const, community: COMMUNITY }];
  scanSettings = { ranges: [{ targets: [`${BASE}-${DEMO_FLEET_FILES.length}`], credentials }], port: fleet.devices[0].port, timeoutMs: 1500, retries: 1 };
});
afterAll(async () => {
  await receiver?.close();
  await fleet?.close();
});

let out: MockInstance;
let err: MockInstance;
beforeEach(() => {
  out = vi.spyOn(process.stdout, 'write');
  err = vi.spyOn(process.stderr, 'write');
});
afterEach(() => {
  // the API returns data and emits events: it never prints
  expect(out).not.toHaveBeenCalled();
  expect(err).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

function recorder(): { events: PipelineEvent[]; emit: (e: PipelineEvent) => void; types: () => string[] } {
  const events: PipelineEvent[] = [];
  return { events, emit: (e) => events.push(e), types: () => [...new Set(events.map((e) => e.type))] };
}

const toReceiver = (): PushSetup => ({ server: { server: receiver.url, token, caFile: receiver.caPath }, uploader: 'https' });
const receivedIds = () => readFileSync(join(receiver.dataDir, 'reports.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { reportId: string }).reportId);

describe('the pipeline through the API', () => {
  it('runScan discovers, collects, keeps the report and pushes it to a real receiver, in that order', async () => {
    const { events, emit, types } = recorder();
    const result = await runScan({ ...scanSettings, stateDir: temp('scan'), push: toReceiver(), emit });
    expect(result.trouble).toBe(false);
    expect(result.report.devices).toHaveLength(PRINTERS);
    expect(events.filter((e) => e.type === 'collected')).toHaveLength(PRINTERS);
    expect(types().filter((t) => !['progress', 'found', 'problem', 'warning'].includes(t))).toEqual(['phase', 'collected', 'reported', 'sealed', 'sent', 'pushed']);
    expect(events.find((e) => e.type === 'sealed')).toMatchObject({ reportId: result.report.reportId, devices: PRINTERS, privacy: 'full' });
    expect(events.find((e) => e.type === 'pushed')).toMatchObject({ summary: { sent: 1, failed: 0, waiting: 0 } });
    expect(result.push?.summary?.sent).toBe(1);
    expect(receivedIds()).toContain(result.report.reportId);
  });

  it('runCollect reads the inventory again and a file uploader receives the sealed reports, oldest first; runPush then has nothing left', async () => {
    const stateDir = temp('collect');
    const scanned = await runScan({ ...scanSettings, stateDir });
    const dest = temp('dest');
    const { events, emit } = recorder();
    const push: PushSetup = { uploader: fileUploader(dest), recipient: receiver.recipient };
    const result = await runCollect({ stateDir, credentials: [{ version: '1', community: COMMUNITY }], timeoutMs: 1500, push, emit });
    expect(result.trouble).toBe(false);
    expect(events.filter((e) => e.type === 'collected')).toHaveLength(PRINTERS);
    expect(events.find((e) => e.type === 'reported')).toMatchObject({ report: { reportId: result.report.reportId }, collect: { collected: PRINTERS } });
    // the scan's report (never pushed) is sealed and sent first, then the new one
    expect(events.flatMap((e) => (e.type === 'sent' ? [e.reportId] : []))).toEqual([scanned.report.reportId, result.report.reportId]);
    expect(readdirSync(dest)).toContain(`${result.report.reportId}.json.gz.age`);
    const after = recorder();
    const pushed = await runPush({ stateDir, push: { uploader: fileUploader(dest), recipient: receiver.recipient }, emit: after.emit });
    expect(pushed).toMatchObject({ trouble: false, summary: { sent: 0, failed: 0, waiting: 0 } });
    expect(after.types()).toEqual(['phase', 'pushed']);
  });

  it('runPush seals what an earlier scan left and sends it; an untrusted server keeps it and says why', async () => {
    const stateDir = temp('push');
    const kept = await runScan({ ...scanSettings, stateDir });
    const untrusted = recorder();
    const refused = await runPush({ stateDir, push: { ...toReceiver(), server: { server: receiver.url, token } }, emit: untrusted.emit });
    expect(refused.trouble).toBe(true);
    expect(untrusted.events.find((e) => e.type === 'unsealed')).toMatchObject({ reports: 1, cause: expect.stringMatching(/certificate not trusted .*--ca FILE/) });
    const { events, emit } = recorder();
    const pushed = await runPush({ stateDir, push: toReceiver(), emit });
    expect(pushed.trouble).toBe(false);
    expect(events.filter((e) => e.type === 'sealed' || e.type === 'sent').map((e) => e.type)).toEqual(['sealed', 'sent']);
    expect(receivedIds()).toContain(kept.report.reportId);
  });

  it('runDue runs what the schedule says at the clock it is given, and nothing when nothing is due', async () => {
    const stateDir = temp('run');
    const dest = temp('run-dest');
    const push: PushSetup = { uploader: fileUploader(dest), recipient: receiver.recipient };
    const collect = { credentials: [{ version: '1' as const, community: COMMUNITY }], timeoutMs: 1500 };
    const clock = () => Date.now();
    const first = recorder();
    const ran = await runDue({ stateDir, scan: scanSettings, collect, push, clock, emit: first.emit });
    if (ran.held) throw new Error('the run lock is free');
    expect(ran.decision).toMatchObject({ discover: true, collect: false, push: true });
    expect(ran.collected?.report.devices).toHaveLength(PRINTERS);
    expect(ran.trouble).toBe(false);
    expect(first.types()).toEqual(expect.arrayContaining(['phase', 'collected', 'reported', 'sealed', 'sent', 'pushed']));
    expect(readdirSync(dest)).toHaveLength(1);
    const again = recorder();
    const idle = await runDue({ stateDir, scan: scanSettings, collect, push: { uploader: fileUploader(dest), recipient: receiver.recipient }, clock, emit: again.emit });
    if (idle.held) throw new Error('the run lock is free');
    expect(idle.decision).toMatchObject({ discover: false, collect: false, push: false });
    expect(idle.next.collect).toBeGreaterThan(Date.now());
    expect(again.events.filter((e) => e.type !== 'phase')).toEqual([]);
    const later = recorder();
    const collected = await runDue({ stateDir, scan: scanSettings, collect, every: { collectMinutes: 1 }, clock: () => Date.now() + 5 * 60_000, emit: later.emit });
    if (collected.held) throw new Error('the run lock is free');
    expect(collected.decision).toMatchObject({ discover: false, collect: true, push: false });
    expect(later.events.filter((e) => e.type === 'collected')).toHaveLength(PRINTERS);
    expect(existsSync(join(stateDir, 'run.lock'))).toBe(false);
  });
});

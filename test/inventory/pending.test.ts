import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { removeDeadTemporaries, temporaryPathFor } from '../../src/fs/atomic-write.js';
import { keepReport, LATEST_REPORT_FILE, listPending, readPending } from '../../src/inventory/latest-report.js';
import { lockState, LockBusyError } from '../../src/fs/state-lock.js';
import { openReport, sealReport } from '../../src/report/seal.js';
import type { Report } from '../../src/report/types.js';
import { updatePushState } from '../../src/upload/push-state.js';
import { reportsToSeal, sealPending } from '../../src/upload/seal-pending.js';
import { Spool } from '../../src/upload/spool.js';
import { demoReport } from '../receive/helpers.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'printscan-pending-'));
const roomy = { maxReports: 100, maxBytes: 1e9 };
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());
const latestId = (state: string) => (JSON.parse(readFileSync(join(state, LATEST_REPORT_FILE), 'utf8')) as Report).reportId;

async function reports(n: number): Promise<Report[]> {
  const one = await demoReport(1);
  return Array.from({ length: n }, (_, i) => ({ ...one, reportId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}` }));
}

describe('keeping a report', () => {
  it('a run that pushes nowhere writes the latest alone: ad-hoc scans do not pile up, and push seals the latest later', async () => {
    const state = fresh();
    const made = await reports(3);
    for (const r of made) expect(await keepReport(state, r, undefined)).toEqual([]);
    expect(readdirSync(state)).toEqual([LATEST_REPORT_FILE]);
    expect(await reportsToSeal(state)).toEqual([made[2].reportId]);
  });

  it('a report left pending by a killed push is sealed before a later latest that pushed nowhere', async () => {
    const state = fresh();
    const [pushed, local] = await reports(2);
    await keepReport(state, pushed, roomy);
    await keepReport(state, local, undefined);
    expect(await reportsToSeal(state)).toEqual([pushed.reportId, local.reportId]);
  });

  it('makes it the latest and keeps it pending under its reportId, one file under two names', async () => {
    const state = fresh();
    const [report] = await reports(1);
    expect(await keepReport(state, report, roomy)).toEqual([]);
    expect(latestId(state)).toBe(report.reportId);
    expect(await readPending(state, report.reportId)).toEqual(report);
    expect(readdirSync(state).sort()).toEqual([LATEST_REPORT_FILE, 'pending']);
  });

  it('lists pending reports oldest first and, beyond the limits, lets the oldest go, never the one just kept', async () => {
    const state = fresh();
    const made = await reports(3);
    for (const [i, r] of made.entries()) {
      await keepReport(state, r, roomy);
      const at = new Date(Date.UTC(2026, 0, 1, 0, 3 - i));
      utimesSync(join(state, 'pending', `${r.reportId}.json`), at, at);
    }
    expect((await listPending(state)).map((p) => p.reportId)).toEqual([made[2], made[1], made[0]].map((r) => r.reportId));
    const [newest] = await reports(4).then((all) => all.slice(3));
    const dropped = await keepReport(state, newest, { maxReports: 2, maxBytes: 1e9 });
    expect(dropped.map((p) => p.reportId)).toEqual([made[2], made[1]].map((r) => r.reportId));
    expect((await listPending(state)).map((p) => p.reportId)).toEqual([made[0], newest].map((r) => r.reportId));
  });
});

describe('sealing what waits', () => {
  it('seals every pending report oldest first, settles each, and seals none twice', async () => {
    const state = fresh();
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const made = await reports(2);
    for (const r of made) await keepReport(state, r, roomy);
    const spool = await Spool.open(state);
    // as a kill leaves it between sealing the first into the spool and settling it
    await spool.add(made[0].reportId, await sealReport(made[0], recipient));
    expect((await spool.list()).map((e) => e.reportId)).toEqual([made[0].reportId]);
    expect(await reportsToSeal(state)).toEqual(made.map((r) => r.reportId));
    const events = [];
    for await (const e of sealPending(state, spool, recipient, { level: 'full' })) events.push(e.type);
    expect(events).toEqual(['alreadySealed', 'sealed']);
    const entries = await spool.list();
    expect(entries.map((e) => e.reportId)).toEqual(made.map((r) => r.reportId));
    expect((await openReport(await spool.read(entries[1]), identity)).reportId).toBe(made[1].reportId);
    expect(await reportsToSeal(state)).toEqual([]);
  });

  it('in a state directory of an older printscan (no pending folder), the latest report when no push sealed it', async () => {
    const state = fresh();
    const [report] = await reports(1);
    writeFileSync(join(state, LATEST_REPORT_FILE), JSON.stringify(report));
    expect(await reportsToSeal(state)).toEqual([report.reportId]);
    await updatePushState(state, { lastSealedReportId: report.reportId });
    expect(await reportsToSeal(state)).toEqual([]);
  });
});

describe('temporaries left by a kill', () => {
  it('are removed when their writer is dead, kept while it lives (this process too), and kept an hour when they name no writer', async () => {
    const dir = fresh();
    const mine = temporaryPathFor(join(dir, 'a.json'));
    const dead = join(dir, `.b.json.${deadPid()}-0123456789ab.tmp`);
    const live = join(dir, `.c.json.${process.ppid}-0123456789ab.tmp`);
    const unowned = join(dir, '.d.json.abc123.tmp');
    const oldUnowned = join(dir, '.e.json.abc123.tmp');
    for (const f of [mine, dead, live, unowned, oldUnowned]) writeFileSync(f, 'half');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(oldUnowned, old, old);
    writeFileSync(join(dir, 'kept.json'), '{}');
    await removeDeadTemporaries(dir);
    expect(readdirSync(dir).sort()).toEqual([mine, live, unowned, join(dir, 'kept.json')].map((f) => basename(f)).sort());
  });
});

describe('a state lock', () => {
  it('names its holder and start time; a dead holder is taken over', async () => {
    const state = fresh();
    const release = await lockState(state, 'run', 'working');
    const error = await lockState(state, 'run', 'working').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as LockBusyError).holder.pid).toBe(process.pid);
    expect(Date.now() - Date.parse((error as LockBusyError).holder.startedAt)).toBeLessThan(60_000);
    await release();
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'run.lock'), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const again = await lockState(state, 'run', 'working');
    expect(JSON.parse(readFileSync(join(state, 'run.lock'), 'utf8')).pid).toBe(process.pid);
    await again();
  });
});

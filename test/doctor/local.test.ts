import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClock, checkLock, checkSkew, CLOCK_NOT_BEFORE } from '../../src/doctor/local.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'printscan-doctor-local-'));

describe('clock', () => {
  it.each([
    [CLOCK_NOT_BEFORE - 1, 'fail'],
    [Date.UTC(2020, 5, 1), 'fail'],
    [CLOCK_NOT_BEFORE, 'ok'],
    [Date.UTC(2027, 0, 1), 'ok'],
  ])('the clock at %i is %s', (now, status) => {
    const check = checkClock(now);
    expect(check.status).toBe(status);
    if (status === 'fail') expect(check.message).toMatch(/set the date and time/);
  });

  it('PRINTSCAN_NOW set: fail, whatever the clock says', () => {
    expect(checkClock(Date.UTC(2027, 0, 1), '2026-10-01T09:00:00Z')).toEqual({
      check: 'clock',
      status: 'fail',
      message: 'PRINTSCAN_NOW=2026-10-01T09:00:00Z is set: a run would stamp every read with that time; unset it for a service',
    });
  });

  const now = Date.UTC(2026, 11, 1, 12, 0, 0);
  it.each([
    ['Tue, 01 Dec 2026 12:00:00 GMT', 'ok', /within 0 s/],
    ['Tue, 01 Dec 2026 12:04:59 GMT', 'ok', /within 299 s/],
    ['Tue, 01 Dec 2026 12:10:00 GMT', 'fail', /10 min behind/],
    ['Tue, 01 Dec 2026 11:00:00 GMT', 'fail', /60 min ahead of/],
    [undefined, 'ok', /sent no Date/],
    ['not a date', 'ok', /sent no Date/],
  ])("the server's Date %s: %s", (date, status, message) => {
    const check = checkSkew(now, date, 'https://192.0.2.10');
    expect(check.status).toBe(status);
    expect(check.message).toMatch(message);
  });
});

describe('locks', () => {
  it('no lock file: free', async () => {
    expect(await checkLock(stateDir(), 'run')).toEqual({ check: 'run lock', status: 'ok', message: 'free' });
  });

  it('a lock left by a process that has ended: named, and not a failure (the next run takes it over)', async () => {
    const dir = stateDir();
    const ended = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'push.lock'), ended.stdout.trim());
    const check = await checkLock(dir, 'push');
    expect(check.status).toBe('ok');
    expect(check.message).toBe(`${join(dir, 'push.lock')} was left by pid ${ended.stdout.trim()}, which has ended; the next push takes it over`);
  });

  it.runIf(process.platform === 'linux')('a lock naming a live process that is not printscan (a reused pid): fail, remove the file', async () => {
    const dir = stateDir();
    writeFileSync(join(dir, 'run.lock'), String(process.pid));
    const check = await checkLock(dir, 'run');
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(new RegExp(`names pid ${process.pid}, which is not printscan .*: remove ${join(dir, 'run.lock')}`));
  });

  it('a lock held by a running printscan: fail, a run is in progress', async () => {
    const dir = stateDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'printscan', 'run'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'run.lock'), String(holder.pid));
      const check = await checkLock(dir, 'run');
      expect(check.status).toBe('fail');
      expect(check.message).toBe(`held by printscan pid ${holder.pid}: a run is in progress; if it never ends, stop that process`);
    } finally {
      holder.kill();
    }
  });
});

/**
 * The real CLI against a range where one address is a hostile agent (a proxy in front of a
 * simulated MFP that answers the sweep, then mutates every answer): no crash, no hang, nothing
 * forged in the output, the right problem, exit 1, and the good printers still collected.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { ndjson, runCli } from '../helpers/cli.js';
import { afterSweep, FORGED, OTHER_COMMUNITY, startHostileFront, type HostileFront, type Mutation } from '../helpers/hostile-front.js';

/** Three good printers on .1–.3, one hostile front per mutation from .10 on, their upstream label printer elsewhere. */
const NET = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
const GOOD = DEMO_FLEET_FILES.slice(0, 3);
const MALFORMED: Mutation[] = ['report', 'stuckNext', 'extraVarbind', 'aliasPast32', 'hugeArc', 'truncate', 'randomBytes', 'oversizedLength', 'otherCommunity'];
const EXPECTED: [Mutation, string][] = [...MALFORMED.map((m): [Mutation, string] => [m, 'malformedReply']), ['wrongSourcePort', 'timeout'], ['duplicate', 'none']];
const hostOf = (mutation: Mutation) => `${NET}.${10 + EXPECTED.findIndex(([m]) => m === mutation)}`;
let fleet: Fleet;
let upstream: Fleet;

beforeAll(async () => {
  fleet = await startFleet({ files: GOOD, base: `${NET}.1`, port: 0, layout: 'address' });
  // Another model than the good ones: the inventory tells devices apart by serial number.
  upstream = await startFleet({ files: [DEMO_FLEET_FILES[3]], base: `${NET}.200`, port: 0, layout: 'address' });
});
afterAll(async () => {
  await fleet?.close();
  await upstream?.close();
});

interface Scan {
  code: number | null;
  stdout: string;
  stderr: string;
  report: string;
}

/** One scan of the whole range: the good printers and every hostile front at once. */
async function scanRange(version: '1' | '2c'): Promise<Scan> {
  const port = fleet.devices[0].port;
  const fronts: HostileFront[] = [];
  try {
    for (const [mutation] of EXPECTED) fronts.push(await startHostileFront(upstream.devices[0], hostOf(mutation), port, afterSweep(mutation)));
    const state = mkdtempSync(join(tmpdir(), 'printscan-hostile-'));
    const last = 10 + EXPECTED.length - 1;
    const args = ['scan', `${NET}.1-${last}`, '--port', String(port), '--snmp-version', version, '--timeout', '1000', '--retries', '0', '--json', '--state', state, '--quiet'];
    const result = await runCli(args);
    return { ...result, report: readFileSync(join(state, 'latest-report.json'), 'utf8') };
  } finally {
    await Promise.all(fronts.map((f) => f.close()));
  }
}

describe.each(['1', '2c'] as const)('hostile hosts in the range (SNMP v%s)', (version) => {
  let scan: Scan;
  beforeAll(async () => {
    scan = await scanRange(version);
  }, 120_000);

  it('the scan ends with exit 1, a report, no stack trace and nothing forged or foreign anywhere', () => {
    expect(scan.code).toBe(1);
    for (const text of [scan.stdout, scan.stderr, scan.report]) {
      expect(text).not.toContain(FORGED);
      expect(text).not.toContain(OTHER_COMMUNITY);
      expect(text).not.toMatch(/\n\s+at /);
    }
  });

  const devices = (): Record<string, unknown>[] => JSON.parse(scan.stdout).devices;

  it('the replies refused before net-snmp saw them are counted in the summary', () => {
    // stuckNext and extraVarbind decode fine: their answers are refused later, for what they hold.
    const screened = MALFORMED.filter((m) => m !== 'stuckNext' && m !== 'extraVarbind');
    expect(JSON.parse(scan.stdout).summary.discover.refusedReplies).toBeGreaterThanOrEqual(screened.length);
  });

  it('the good printers in the same range are collected whole', () => {
    const good = devices().filter((r) => fleet.devices.some((d) => d.host === r.ip));
    expect(good.map((d) => d.ip).sort()).toEqual(fleet.devices.map((d) => d.host).sort());
    expect(good.every((d) => (d.errors as unknown[]).length === 0)).toBe(true);
  });

  it.each(EXPECTED)('a host answering with %s after the sweep is reported as %s', (mutation, problem) => {
    const host = hostOf(mutation);
    const problems = (JSON.parse(scan.report).problems as { ip: string; problem: string }[]).filter((p) => p.ip === host);
    if (problem === 'none') {
      expect(problems).toEqual([]);
      expect(devices().find((d) => d.ip === host)).toMatchObject({ errors: [] });
    } else {
      expect(problems.map((p) => p.problem)).toEqual([problem]);
      expect(scan.stderr).toContain(`${host}:${fleet.devices[0].port} ${problem}`);
      expect(devices().some((d) => d.ip === host)).toBe(false);
    }
  });
});

describe.each(['1', '2c'] as const)('printers that turn hostile between scan and collect (SNMP v%s)', (version) => {
  const TURNED: [Mutation, string][] = [
    ['report', 'malformedReply'],
    ['randomBytes', 'malformedReply'],
    ['aliasPast32', 'malformedReply'],
    // GETs answered right, walks and table lookaheads wrong: still a problem, not a quiet error;
    // on v1 a GET that fails for a missing OID falls back to a GETNEXT that does not advance.
    ['stuckNext', 'malformedReply'],
    ['extraVarbind', 'malformedReply'],
  ];
  const hostOf = (i: number) => `${NET}.${4 + i}`;
  let collected: { code: number | null; stdout: string; stderr: string };
  let printers: Fleet;

  beforeAll(async () => {
    // One label printer per front, each with its own serial and MAC: the inventory tells devices apart by them.
    const dir = mkdtempSync(join(tmpdir(), 'printscan-hostile-fleet-'));
    const recording = readFileSync(DEMO_FLEET_FILES[3], 'utf8');
    const files = TURNED.map((_, i) => {
      const file = join(dir, `label-${i}.snmprec`);
      writeFileSync(file, recording.replaceAll('18J170501234', `18J17050123${i}`).replaceAll('00074d998877', `00074d99887${i}`));
      return file;
    });
    printers = await startFleet({ files, base: `${NET}.210`, port: 0, layout: 'address' });
    let hostile = false;
    const port = fleet.devices[0].port;
    const fronts: HostileFront[] = [];
    try {
      for (const [i, [mutation]] of TURNED.entries()) fronts.push(await startHostileFront(printers.devices[i], hostOf(i), port, () => (hostile ? mutation : 'forward')));
      const state = mkdtempSync(join(tmpdir(), 'printscan-hostile-collect-'));
      const common = ['--port', String(port), '--snmp-version', version, '--timeout', '1000', '--retries', '0', '--state', state, '--quiet'];
      const scanned = await runCli(['scan', `${NET}.1-${3 + TURNED.length}`, ...common, '--ndjson']);
      expect(scanned.code).toBe(0);
      expect(ndjson(scanned.stdout)).toHaveLength(fleet.devices.length + TURNED.length);
      hostile = true;
      collected = await runCli(['collect', ...common, '--json']);
    } finally {
      await Promise.all(fronts.map((f) => f.close()));
      await printers.close();
    }
  }, 120_000);

  it('collect ends with exit 1, no stack trace, nothing forged, the good printers whole', () => {
    expect(collected.code).toBe(1);
    for (const text of [collected.stdout, collected.stderr]) {
      expect(text).not.toContain(FORGED);
      expect(text).not.toMatch(/\n\s+at /);
    }
    const good = JSON.parse(collected.stdout).devices.filter((d: { ip: string }) => fleet.devices.some((f) => f.host === d.ip));
    expect(good).toHaveLength(fleet.devices.length);
    expect(good.every((d: { errors: unknown[] }) => d.errors.length === 0)).toBe(true);
  });

  it.each(TURNED.map(([mutation, problem], i) => [mutation, problem, i] as const))('a printer answering with %s is a %s problem', (_mutation, problem, i) => {
    const problems = JSON.parse(collected.stdout).problems.filter((p: { ip: string }) => p.ip === hostOf(i));
    expect(problems).toEqual([expect.objectContaining({ problem })]);
  });
});

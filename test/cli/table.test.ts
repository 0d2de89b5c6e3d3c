import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusCell, suppliesCell } from '../../src/cli/render-records.js';
import { fitTable, layout, plural, type Column } from '../../src/cli/fit-table.js';
import type { DeviceRecord, Supply } from '../../src/collect/types.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';

const COLUMNS: Column[] = [
  { head: 'Address', priority: 0, min: 47 },
  { head: 'Model', priority: 0, min: 10 },
  { head: 'Serial', priority: 2 },
  { head: 'Vendor', priority: 5 },
  { head: 'Empty', priority: 1 },
];
const ROWS = [['192.0.2.10', 'ECOSYS P3145dn with a long name', 'VXD1234501', 'Kyocera', '']];

describe('a table fits its width', () => {
  it.each([
    [200, ['Address', 'Model', 'Serial', 'Vendor']],
    [60, ['Address', 'Model', 'Serial', 'Vendor']],
    [45, ['Address', 'Model', 'Serial', 'Vendor']],
    [40, ['Address', 'Model', 'Serial']],
    [30, ['Address', 'Model']],
  ])('at %i columns it keeps %j, leaves empty columns out, and no line is wider', (width, heads) => {
    const { keep } = layout(COLUMNS, ROWS, width);
    expect(keep.map((i) => COLUMNS[i].head)).toEqual(heads);
    const lines = fitTable(COLUMNS, ROWS, width).split('\n');
    // the narrowest case cannot shrink the address: it is never cut
    if (width >= 45) expect(Math.max(...lines.map((l) => stringWidth(l)))).toBeLessThanOrEqual(width);
    expect(lines.join('\n')).toContain('192.0.2.10');
  });

  it('cuts a long cell with … and draws no line between rows', () => {
    const out = fitTable(COLUMNS, [...ROWS, ...ROWS], 45);
    expect(out).toContain('…');
    expect(out.split('\n')).toHaveLength(5);
    expect(out).not.toContain('├');
  });

  it('counts a wide character as two columns', () => {
    const out = fitTable(COLUMNS.slice(0, 2), [['192.0.2.1', '複合機 ミーティングルーム 3階 奥']], 40);
    expect(Math.max(...out.split('\n').map((l) => stringWidth(l)))).toBeLessThanOrEqual(40);
  });

  it.each([
    [1, 'address', 'addresses', '1 address'],
    [2, 'address', 'addresses', '2 addresses'],
    [0, 'problem', undefined, '0 problems'],
    [1, 'problem', undefined, '1 problem'],
    [12345, 'device', undefined, '12,345 devices'],
  ])('plural(%i, %s)', (n, one, many, text) => expect(plural(n, one, many)).toBe(text));
});

const supply = (over: Partial<Supply>): Supply => ({ index: 1, type: 'toner', level: 50, max: 100, percent: 50, state: 'ok', ...over });

describe('cells in words a person reads', () => {
  it.each([
    [[supply({ color: 'black' })], 'K 50%'],
    [[supply({ type: 'other', description: 'TK-3160', color: undefined })], 'TK-3160 50%'],
    [[supply({ color: 'yellow', percent: 8, state: 'low' })], 'Y 8%!'],
    [[supply({ color: 'cyan', percent: null, level: null, state: 'someRemaining' })], 'C some left'],
    [[supply({ color: 'black', percent: 0, state: 'empty' })], 'K empty!'],
    [[supply({ type: 'drum', description: 'Drum Unit' }), supply({ color: 'magenta', percent: 70 })], 'M 70% Drum 50%'],
  ])('supplies %j → %s', (supplies, text) => expect(suppliesCell(supplies)).toBe(text));

  it.each([
    [{ status: { printer: 'idle', errors: ['lowToner', 'doorOpen'], alerts: [] }, errors: [] }, 'idle, toner low, door open'],
    [{ status: { errors: [], alerts: [] }, errors: [{ field: 'meters.total', problem: 'timeout' }, { field: 'supplies', problem: 'timeout' }] }, 'timeout'],
    [{ status: { printer: 'idle', errors: [], alerts: [] }, errors: [{ field: 'status.alerts', problem: 'timeout' }] }, 'idle, status.alerts timeout'],
    [{ status: { printer: 'warmup', device: 'down', errors: [], alerts: [] }, errors: [] }, 'warming up, down'],
  ])('status %j → %s', (r, text) => expect(statusCell(r as unknown as DeviceRecord)).toBe(text));
});

describe('the demo table on a terminal', () => {
  let fleet: Fleet;
  const state = mkdtempSync(join(tmpdir(), 'printscan-table-'));
  beforeAll(async () => {
    fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: '127.59.0.1', port: 0, layout: 'address' });
  });
  afterAll(() => fleet.close());
  const scan = (columns: string) => runCli(['scan', '127.59.0.1-6', '--port', String(fleet.devices[0].port), '--state', state, '--all'], { COLUMNS: columns });

  it('at 80 columns every line is at most 80 wide', async () => {
    const r = await scan('80');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('285,114');
  });

  it('at 200 columns it uses the width: every supply, flagged, with friendly words', async () => {
    const r = await scan('200');
    const widest = Math.max(...r.stdout.split('\n').map((l) => stringWidth(l)));
    expect(widest).toBeGreaterThan(100);
    expect(widest).toBeLessThanOrEqual(200);
    expect(r.stdout).toContain('TK-3160 58%');
    expect(r.stdout).toContain('K 60% C some left M 20% Y 10%!');
    expect(r.stdout).not.toMatch(/someRemaining|├/);
    expect(r.stderr).toMatch(/scanned 6 addresses in [\d.]+ s: 6 answered, 4 imaging devices, 2 other hosts, 0 problems/);
  });
});

it('a range where nothing answers says so and suggests the community and version', async () => {
  const r = await runCli(['discover', '127.59.1.250', '--timeout', '1000', '--state', mkdtempSync(join(tmpdir(), 'printscan-table-'))]);
  expect(r.stderr).toMatch(/scanned 1 address in .*0 answered, 0 imaging devices, 0 other hosts, 0 problems\nno address answered SNMP: check the community \(--community\) and version \(--snmp-version\)/);
});

it('collect says whether no discover ran or the last one found nothing', async () => {
  const state = mkdtempSync(join(tmpdir(), 'printscan-table-'));
  const before = await runCli(['collect', '--state', state]);
  expect(before.code).toBe(2);
  expect(before.stderr).toMatch(/nothing to collect: no discover has run with the state directory/);
  await runCli(['discover', '127.59.1.250', '--timeout', '1000', '--state', state, '--quiet']);
  const after = await runCli(['collect', '--state', state]);
  expect(after.code).toBe(2);
  expect(after.stderr).toMatch(/nothing to collect: the last discover found no imaging devices/);
});

/**
 * Thirty simulated days: the demo fleet prints (meters rise, toner drains, the MFP's yellow runs
 * out and is swapped, the inkjet's board is replaced and its meters restart), the real CLI
 * collects every other day with PRINTSCAN_NOW set to that day, then `report` and `meters` are
 * checked, and the HTML page is opened in headless chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetFigures } from '../../src/history/fleet.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import type { PrintingPlan } from '../../src/sim/printing.js';
import { available } from '../helpers/agents.js';
import { chromiumPath, consoleTrouble, renderedDom, screenshot } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T09:00:00Z');
const DAYS = 30;
const PLANS: PrintingPlan[] = [
  { pagesPerDay: 400, drainPercentPerDay: 1.5 }, // mono laser
  { pagesPerDay: 900, drainPercentPerDay: 3 }, // colour MFP: yellow (10 %) runs out on day 3 and is swapped
  { pagesPerDay: 120, drainPercentPerDay: 1, resetOnDay: 20 }, // inkjet: new board on day 20
  { pagesPerDay: 50, drainPercentPerDay: 0.5 }, // label printer
  { pagesPerDay: 0, drainPercentPerDay: 0 },
  { pagesPerDay: 0, drainPercentPerDay: 0 },
];

let fleet: Fleet;
const state = mkdtempSync(join(tmpdir(), 'printscan-history-e2e-'));
const artifacts = process.env.PRINTSCAN_ARTIFACTS ?? join(process.cwd(), 'test-artifacts');
const at = (day: number) => ({ PRINTSCAN_NOW: new Date(T0 + day * DAY).toISOString() });

beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: '127.58.0.1', port: 0, printing: (i) => PLANS[i] });
  const port = String(fleet.devices[0].port);
  fleet.setDay(0);
  const first = await runCli(['scan', '127.58.0.1-6', '--port', port, '--state', state, '--quiet', '--json'], at(0));
  expect(first.code, first.stderr).toBe(0);
  for (let day = 2; day <= DAYS; day += 2) {
    fleet.setDay(day);
    const r = await runCli(['collect', '--port', port, '--state', state, '--quiet', '--json'], at(day));
    expect(r.code, r.stderr).toBe(0);
  }
}, 300_000);

afterAll(() => fleet?.close());

async function figures(): Promise<FleetFigures> {
  const r = await runCli(['report', '--json', '--state', state], at(DAYS));
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as FleetFigures;
}

describe('a month of history, end to end', () => {
  it('pages a month follow the printing rate of each device, and a reset never shows as negative', async () => {
    const f = await figures();
    const byModel = new Map(f.devices.map((d) => [d.model, d]));
    expect(f.summary.devices).toBe(4);
    expect(byModel.get('ECOSYS P3145dn')!.monthlyVolume).toBeCloseTo(400 * 30.4375, -1);
    expect(byModel.get('IM C3000')!.monthlyVolume).toBeCloseTo(900 * 30.4375, -1);
    const inkjet = byModel.get('WF-C5790 Series')!;
    expect(inkjet.usage.find((u) => u.meter === 'total')).toMatchObject({ resets: 1 });
    expect(inkjet.monthlyVolume).toBeCloseTo(120 * 30.4375, -1);
    expect(f.devices.every((d) => d.usage.every((u) => u.pages >= 0))).toBe(true);
  });

  it('forecasts the draining toner, and restarts the fit after the swapped cartridge', async () => {
    const f = await figures();
    const mono = f.devices.find((d) => d.model === 'ECOSYS P3145dn')!.supplies[0];
    expect(mono.drainPerDay).toBeCloseTo(1.5, 1);
    expect(mono.emptyOn).toBeDefined();
    const yellow = f.devices.find((d) => d.model === 'IM C3000')!.supplies.find((s) => s.color === 'yellow')!;
    expect(yellow.drainPerDay).toBeCloseTo(3, 1);
    // reads from day 4 (the new cartridge) to day 30
    expect(yellow.points).toBe(14);
  });

  it('meters --at gives the read closest to the date, for billing', async () => {
    const r = await runCli(['meters', '--at', new Date(T0 + 10.4 * DAY).toISOString(), '--csv', '--state', state]);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...rows] = r.stdout.trim().split('\n');
    expect(head.split(',').slice(0, 5)).toEqual(['serialNumber', 'model', 'ip', 'readAt', 'total']);
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.includes(new Date(T0 + 10 * DAY).toISOString()))).toBe(true);
    // the label printer has no page meter: listed, its meter cells empty
    expect(rows.find((row) => row.includes('ZT410'))).toMatch(/,$/);
  });

  it('--csv is one row per device; conflicting formats are refused', async () => {
    const r = await runCli(['report', '--csv', '--state', state], at(DAYS));
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
    const both = await runCli(['report', '--csv', '--json', '--state', state]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('printscan: error: choose one of --html, --json and --csv\n');
  });

  it('the HTML page stands alone: no script, no external reference, every device on it', async () => {
    const file = join(state, 'fleet.html');
    const r = await runCli(['report', '--html', file, '--state', state], at(DAYS));
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\bsrc=|\bhref=|https?:\/\//i);
    const f = await figures();
    for (const d of f.devices) expect(html).toContain(d.serialNumber!);
  });
});

describe.skipIf(!available(chromiumPath() !== undefined, 'chromium'))('the HTML page in headless chromium', () => {
  it('renders every device with no console error, at 1280 and 390 px wide', async () => {
    const file = join(state, 'fleet.html');
    await runCli(['report', '--html', file, '--state', state], at(DAYS));
    const { dom, stderr } = await renderedDom(file);
    expect(consoleTrouble(stderr)).toEqual([]);
    const f = await figures();
    for (const d of f.devices) expect(dom).toContain(d.serialNumber!);
    mkdirSync(artifacts, { recursive: true });
    for (const [width, height] of [[1280, 1400], [390, 3200]]) {
      const png = join(artifacts, `report-${width}.png`);
      const shot = await screenshot(file, png, width, height);
      expect(consoleTrouble(shot.stderr)).toEqual([]);
      expect(statSync(png).size).toBeGreaterThan(20_000);
    }
  });
});

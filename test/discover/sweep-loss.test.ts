import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import type { DiscoverOptions } from '../../src/discover/discover.js';
import type { DiscoverSummary } from '../../src/discover/types.js';
import { loadProfiles } from '../../src/profiles/load.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { freePort } from '../helpers/agents.js';
import { runCli } from '../helpers/cli.js';

// This file's loopback /16: nothing else listens here.
const NET = '127.64';
const profiles = loadProfiles();

async function run(options: Partial<DiscoverOptions> & { targets: string[]; port: number }) {
  const ips: string[] = [];
  let summary: DiscoverSummary | undefined;
  const { targets, ...rest } = options;
  for await (const e of discover({ ranges: [{ targets, credentials: [{ version: '1', community: 'public' }] }], profiles, all: true, ...rest })) {
    if (e.type === 'device') ips.push(e.device.ip);
    if (e.type === 'summary') summary = e.summary;
  }
  return { ips: ips.sort(), summary: summary! };
}

describe('probes of a silent address', () => {
  it.each([
    // --retries, probes sent to the one silent address
    [undefined, 1], // the default: one; silence is an answer unless the path shows loss
    [0, 1],
    [2, 3],
  ])('--retries %s sends %i', async (retries, probes) => {
    const port = await freePort(`${NET}.0.1`);
    const { summary } = await run({ targets: [`${NET}.0.1`], port, retries, timeoutMs: 300 });
    expect(summary).toMatchObject({ responded: 0, probesSent: probes });
  });
});

describe('a path that loses a tenth of the packets', () => {
  let lossy: Fleet;
  beforeAll(async () => {
    const files = Array.from({ length: 40 }, (_, i) => DEMO_FLEET_FILES[i % DEMO_FLEET_FILES.length]);
    lossy = await startFleet({ files, base: `${NET}.1.1`, port: 0, layout: 'address', dropRate: 0.1, seed: 11 });
  });
  afterAll(() => lossy?.close());

  it('still yields every host with default flags: sentinels show the loss, the silent addresses are swept again', async () => {
    const { ips, summary } = await run({ targets: [`${NET}.1.0/24`], port: lossy.devices[0].port });
    expect(ips).toEqual(lossy.devices.map((d) => d.host).sort());
    // More probes than addresses: the loss was seen and acted on, and the summary says so.
    expect(summary.probesSent).toBeGreaterThan(254 + 40);
    expect(summary.loss).toMatchObject({ seen: true });
    expect(summary.loss.sentinelsLost + summary.loss.answeredLate).toBeGreaterThan(0);
  });
});

describe('a path that loses nothing', () => {
  let clean: Fleet;
  beforeAll(async () => {
    clean = await startFleet({ files: [...DEMO_FLEET_FILES], base: `${NET}.2.1`, port: 0, layout: 'address' });
  });
  afterAll(() => clean?.close());

  it('reports no loss: a sweep that found everything raises no alarm', async () => {
    const { ips, summary } = await run({ targets: [`${NET}.2.0/24`], port: clean.devices[0].port });
    expect(ips).toEqual(clean.devices.map((d) => d.host).sort());
    expect(summary.loss).toEqual({ seen: false, sentinels: expect.any(Number), sentinelsLost: 0, answeredLate: 0, estimate: 0 });
  });
});

describe('discover through a path that loses a third of the packets', () => {
  let lossy: Fleet;
  let state: string;
  beforeAll(async () => {
    const files = Array.from({ length: 40 }, (_, i) => DEMO_FLEET_FILES[i % DEMO_FLEET_FILES.length]);
    lossy = await startFleet({ files, base: `${NET}.3.1`, port: 0, layout: 'address', dropRate: 0.3, seed: 5 });
    state = await mkdtemp(join(tmpdir(), 'printscan-loss-'));
  });
  afterAll(async () => {
    await lossy?.close();
    await rm(state, { recursive: true, force: true });
  });

  it('warns on stderr that devices may be missing, and the summary says so: never a bare "0 problems"', async () => {
    const r = await runCli(['discover', `${NET}.3.0/24`, '--port', String(lossy.devices[0].port), '--json', '--state', state]);
    expect(r.stderr).toMatch(/^printscan: warning: the path dropped packets .*devices may be missing: scan again with a lower --rate/m);
    expect(r.stderr).toMatch(/packet loss seen$/m);
    expect(JSON.parse(r.stdout).summary.discover.loss).toMatchObject({ seen: true });
  });
});

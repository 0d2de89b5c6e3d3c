import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { freePort } from '../helpers/agents.js';
import { ndjson, runCli } from '../helpers/cli.js';

const FIXTURE = new URL('../fixtures/collect/printer-mib.snmprec', import.meta.url);
const TOTAL = '1.3.6.1.2.1.43.10.2.1.4.1.1|65|';
const HOST = `127.41.${1 + (process.pid % 250)}.1`;
const work = mkdtempSync(join(tmpdir(), 'printscan-meters-'));

/** The project's generic printer with its page counter at `total`. */
function printerAt(total: number): string {
  const text = readFileSync(FIXTURE, 'utf8');
  const path = join(work, `printer-${total}.snmprec`);
  writeFileSync(path, text.replace(/^1\.3\.6\.1\.2\.1\.43\.10\.2\.1\.4\.1\.1\|65\|\d+$/m, `${TOTAL}${total}`));
  return path;
}

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

/** The same address and port each time: the inventory knows the device by them. */
let port: number | undefined;
async function serve(total: number): Promise<number> {
  port ??= await freePort(HOST);
  fleet = await startFleet({ files: [printerAt(total)], base: HOST, port, layout: 'address' });
  return port;
}


type Rec = { meters: Record<string, number>; meterWarnings?: unknown; collectedAt: string };

async function read(command: 'scan' | 'collect', state: string, port: number): Promise<Rec> {
  const target = command === 'scan' ? ['scan', HOST] : ['collect'];
  const r = await runCli([...target, '--port', String(port), '--snmp-version', '2c', '--ndjson', '--state', state, '--quiet']);
  expect(r.stderr).toBe('');
  return ndjson(r.stdout)[0] as Rec;
}

describe('a meter lower than the last collect of the same device', () => {
  it('is flagged with both values by collect and by scan, and becomes the new baseline', async () => {
    const state = mkdtempSync(join(tmpdir(), 'printscan-meters-state-'));
    const first = await read('scan', state, await serve(27315));
    expect(first.meters.total).toBe(27315);
    expect(first).not.toHaveProperty('meterWarnings');

    // the board was replaced: the counter starts again
    await fleet!.close();
    const port = await serve(120);
    const reset = await read('collect', state, port);
    expect(reset.meters.total).toBe(120);
    expect(reset.meterWarnings).toEqual([{ meter: 'total', previous: 27315, previousAt: first.collectedAt, current: 120, problem: 'wentBackwards' }]);
    const inventory = JSON.parse(readFileSync(join(state, 'inventory.json'), 'utf8'));
    expect(inventory.devices[0].meters).toEqual({ total: 120 });

    // the lower reading is the baseline now: the same value again is no warning
    expect(await read('scan', state, port)).not.toHaveProperty('meterWarnings');

    // scan flags a drop as collect does, in the report too
    await fleet!.close();
    const dropped = await read('scan', state, await serve(100));
    expect(dropped.meterWarnings).toMatchObject([{ meter: 'total', previous: 120, current: 100 }]);
    const report = JSON.parse(readFileSync(join(state, 'latest-report.json'), 'utf8'));
    expect(report.devices[0].meterWarnings).toEqual(dropped.meterWarnings);
  });
});

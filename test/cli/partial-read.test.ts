/**
 * A printer that answers the GET but loses its table reads: the retry rescues a lost reply; a
 * table that never comes is a problem on stderr and exit 1, each error naming the record field
 * it left empty.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PduTag, type Message } from '../../src/snmp/ber.js';
import { DEMO_FLEET_FILES } from '../../src/sim/demo.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { runCli } from '../helpers/cli.js';
import { startHostileFront, type Policy } from '../helpers/hostile-front.js';

const NET = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}`;
const HOST = `${NET}.7`;
let upstream: Fleet;

beforeAll(async () => {
  upstream = await startFleet({ files: [DEMO_FLEET_FILES[0]], base: `${NET}.200`, port: 0, layout: 'address' });
});
afterAll(async () => upstream?.close());

/** prtMarkerSuppliesTable, prtAlertTable, hrDeviceStatus, hrPrinterTable (discovery's own reads go through). */
const TABLES = ['1.3.6.1.2.1.43.11.', '1.3.6.1.2.1.43.18.', '1.3.6.1.2.1.25.3.2.1.5', '1.3.6.1.2.1.25.3.5.'];

/** A walk of the supplies, alerts and status tables. */
const isTableRead = (message?: Message) =>
  (message?.pduTag === PduTag.GetNextRequest || message?.pduTag === PduTag.GetBulkRequest) &&
  message.varbinds.some((vb) => TABLES.some((table) => vb.oid.startsWith(table)));

/** Drops the first `lost` table requests (all of them with Infinity); everything else is answered. */
function losingTables(lost: number): Policy {
  let dropped = 0;
  return ({ message }) => (isTableRead(message) && dropped++ < lost ? 'drop' : 'forward');
}

async function scanThrough(policy: Policy) {
  const port = upstream.devices[0].port;
  const front = await startHostileFront(upstream.devices[0], HOST, port, policy);
  try {
    const state = mkdtempSync(join(tmpdir(), 'printscan-partial-'));
    return await runCli(['scan', HOST, '--port', String(port), '--snmp-version', '2c', '--timeout', '1000', '--retries', '0', '--json', '--state', state, '--quiet']);
  } finally {
    await front.close();
  }
}

describe('a device whose table reads fail', () => {
  it('is read whole when one table reply is lost: the table read is tried again', async () => {
    const r = await scanThrough(losingTables(1));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [device] = JSON.parse(r.stdout).devices;
    expect(device.errors).toEqual([]);
    expect(device.supplies.length).toBeGreaterThan(0);
  }, 60_000);

  it('is a problem on stderr and exit 1 when its tables never come, each error naming a record field', async () => {
    const r = await scanThrough(losingTables(Infinity));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`${HOST.replace(/\./g, '\\.')}:\\d+ timeout: could not read .*supplies, status\\.alerts`));
    const [device] = JSON.parse(r.stdout).devices;
    expect(device.meters.total).toBeGreaterThan(0);
    const fields = device.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['supplies', 'status.alerts', 'status.printer', 'status.device']));
    expect(fields).not.toContain('tables');
    expect(fields).not.toContain('values');
    expect(device.errors.every((e: { problem: string }) => e.problem === 'timeout')).toBe(true);
  }, 60_000);
});

import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { buildReport, DEMO_FLEET_FILES, discoverAll, fileUploader, loadProfiles, openReport, pushSpool, scan, sealReport, Spool, startFleet, type DeviceRecord, type Fleet } from '../src/api.js';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ files: [...DEMO_FLEET_FILES], base: '127.35.0.1', port: 0, layout: 'address' });
});
afterAll(() => fleet?.close());

it('the programmatic API returns data and prints nothing', async () => {
  const out = vi.spyOn(process.stdout, 'write');
  const err = vi.spyOn(process.stderr, 'write');
  const log = vi.spyOn(console, 'log');
  const result = await discoverAll({
    ranges: [{ targets: ['127.35.0.1-8'], credentials: [{ version: '2c', community: 'public' }] }],
    port: fleet.devices[0].port,
    profiles: loadProfiles(),
    timeoutMs: 2000,
  });
  expect(result.devices.map((d) => d.ip).sort()).toEqual(['127.35.0.1', '127.35.0.2', '127.35.0.3', '127.35.0.4']);
  expect(result.summary).toMatchObject({ addresses: 8, responded: 6, devices: 4, nonImaging: 2 });
  expect(out).not.toHaveBeenCalled();
  expect(err).not.toHaveBeenCalled();
  expect(log).not.toHaveBeenCalled();
});

it('scan, seal, spool and push through the API print nothing either', async () => {
  const out = vi.spyOn(process.stdout, 'write');
  const err = vi.spyOn(process.stderr, 'write');
  const records: DeviceRecord[] = [];
  for await (const e of scan({ ranges: [{ targets: ['127.35.0.1-4'], credentials: [{ version: '2c', community: 'public' }] }], port: fleet.devices[0].port, profiles: loadProfiles(), timeoutMs: 2000 })) {
    if (e.type === 'record') records.push(e.record);
  }
  const identity = await generateX25519Identity();
  const report = buildReport({ collector: { id: 'api-test', version: '0', hostname: 'h', platform: 'linux' }, startedAt: new Date(), finishedAt: new Date(), devices: records, problems: [] });
  const spool = await Spool.open(mkdtempSync(join(tmpdir(), 'printscan-api-')));
  await spool.add(report.reportId, await sealReport(report, await identityToRecipient(identity)));
  const dest = mkdtempSync(join(tmpdir(), 'printscan-api-out-'));
  const events = [];
  for await (const e of pushSpool(spool, fileUploader(dest))) events.push(e.type);
  expect(events).toEqual(['sent', 'pushSummary']);
  const [file] = readdirSync(dest);
  expect((await openReport(readFileSync(join(dest, file)), identity)).devices).toHaveLength(4);
  expect(out).not.toHaveBeenCalled();
  expect(err).not.toHaveBeenCalled();
});

import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { discoverAll, DEMO_FLEET_FILES, loadProfiles, startFleet, type Fleet } from '../src/api.js';

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
    timeoutMs: 300,
  });
  expect(result.devices.map((d) => d.ip).sort()).toEqual(['127.35.0.1', '127.35.0.2', '127.35.0.3', '127.35.0.4']);
  expect(result.summary).toMatchObject({ addresses: 8, responded: 6, devices: 4, nonImaging: 2 });
  expect(out).not.toHaveBeenCalled();
  expect(err).not.toHaveBeenCalled();
  expect(log).not.toHaveBeenCalled();
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../src/upload/server-config.js';
import { nearJson, parsesOrRefuses } from '../helpers/fuzz.js';

// A public age recipient generated for this test (age-keygen): not a secret.
const RECIPIENT = 'age12sxew3gud9jw0h2p9rtch8a058aaz8s3h6kvl3hufczdfdkvaysq99h9qq';
const VALID = {
  ranges: [
    { targets: ['192.0.2.0/25'], exclude: ['192.0.2.1'], port: 161, snmp: { version: '2c', communities: ['site-ro'] } },
    { targets: '192.0.2.128/26', snmp: { version: '3', user: { name: 'monitor', authProtocol: 'sha', authKey: 'authkey123' } } },
  ],
  profiles: [{ id: 'site-override', extends: 'kyocera', priority: 50, match: [{ sysObjectID: '1.3.6.1.4.1.1347' }], model: [{ sysDescr: '^(?<value>ECOSYS \\S+)' }] }],
  recipient: RECIPIENT,
  schedule: { discoverMinutes: 1440, collectMinutes: 60, pushMinutes: 60 },
};

describe('server configuration under fuzzing', () => {
  it('a damaged configuration is refused with a one-line PrintscanError, or parses to a usable one', () => {
    fc.assert(
      fc.property(nearJson(VALID), (doc) => {
        parsesOrRefuses(
          () => parseServerConfig(doc, 'https://fleet.example/v1/config'),
          (config) => {
            for (const minutes of Object.values(config.schedule)) expect(Number.isInteger(minutes) && minutes >= 1).toBe(true);
            for (const r of config.ranges) expect(r.credentials.length).toBeGreaterThan(0);
            for (const p of config.profiles) expect(typeof p.id).toBe('string');
            if (config.recipient !== undefined) expect(config.recipient).toMatch(/^age1/);
          },
        );
      }),
      { numRuns: 800 },
    );
  });
});

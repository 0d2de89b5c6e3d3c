import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../src/collect/types.js';
import { buildReport } from '../../src/report/build.js';
import { Masker } from '../../src/report/masker.js';
import { PRIVACY_KEY_FILE, privacyKey } from '../../src/report/privacy-key.js';
import { stricterPrivacy, type PrivacyLevel } from '../../src/report/privacy-levels.js';
import { applyPrivacy } from '../../src/report/privacy.js';
import type { Report } from '../../src/report/types.js';
import { validateReport, validateSentReport } from '../../src/report/validate.js';
import { parseServerConfig } from '../../src/upload/server-config.js';
import { fixtureRecords } from '../helpers/reports.js';

const key = randomBytes(32);
/** The mask, computed here as the README describes it, not through the code under test. */
const hmac = (value: string, k = key) => `~${createHmac('sha256', k).update(value).digest('hex').slice(0, 16)}`;

/** One device whose free text repeats its address, MAC, name and place, as real consoles do. */
const device: DeviceRecord = {
  ip: '192.0.2.7',
  port: 161,
  kind: 'mfp',
  imaging: true,
  vendor: 'Example',
  model: 'MFP 9000',
  sysName: 'PRN-FINANCE-7',
  sysDescr: 'Example MFP 9000 (PRN-FINANCE-7)',
  snmpVersion: '2c',
  profile: 'printer-mib',
  serialNumber: 'SN-0001',
  responseMs: 3,
  discoveredAt: '2026-11-25T06:00:00.000Z',
  mac: '02:00:5e:aa:bb:07',
  hostname: 'PRN-FINANCE-7',
  dnsName: 'prn7.example.invalid',
  location: 'Finance, room 12',
  contact: 'Jane Doe',
  firmwareVersion: '1.2.3',
  assetNumber: 'AS-12',
  display: 'Ready 192.0.2.7 MAC 02005EAABB07',
  uptimeSeconds: 100,
  meters: { total: 1000 },
  supplies: [{ index: 1, description: 'Black toner', type: 'toner', level: 50, max: 100, percent: 50, state: 'ok' }],
  status: { printer: 'idle', errors: [], alerts: [{ index: 1, severity: 'warning', group: 'input', code: 'other', description: 'call jane doe at Finance, room 12' }] },
  errors: [{ field: 'contact', problem: 'badValue', detail: 'contact "Jane Doe" has a stray byte' }],
  collectedAt: '2026-11-25T06:00:01.000Z',
  requests: 4,
  provenance: {
    location: { profile: 'printer-mib', oid: '1.3.6.1.2.1.1.6.0', raw: 'Finance, room 12', transform: 'DisplayString' },
    'meters.total': { profile: 'printer-mib', oid: '1.3.6.1.2.1.43.10.2.1.4.1.1', raw: '1000', transform: 'Counter' },
    'meters.color': { profile: 'vendor', oid: '1.3.6.1.4.1.99999.1.0', raw: '0x00000064', transform: 'HexCounter' },
    display: { profile: 'printer-mib', oid: '1.3.6.1.2.1.43.16.5.1.2.1.1', raw: '0x82a082a2', transform: 'DisplayString' },
    firmwareVersion: { profile: 'printer-mib', oid: '1.3.6.1.2.1.25.3.2.1.3.1', raw: '"fw 1.2.3 at 192.0.2.7"', transform: 'DisplayString' },
  },
};

function reportWith(devices: DeviceRecord[]): Report {
  return buildReport({
    collector: { id: '00000000-0000-4000-8000-000000000001', version: '0.0.0-test', hostname: 'site-laptop-42', platform: 'linux' },
    startedAt: new Date('2026-11-25T06:00:00Z'),
    finishedAt: new Date('2026-11-25T06:10:00Z'),
    devices,
    others: [{ ip: '192.0.2.200', port: 161, kind: 'other', imaging: false, sysName: 'core-switch', sysDescr: 'Switch core-switch v1', snmpVersion: '2c', responseMs: 1, discoveredAt: '2026-11-25T06:00:00.000Z' }],
    problems: [{ ip: '192.0.2.9', port: 161, problem: 'timeout', detail: 'no answer from 192.0.2.9 before the timeout' }],
  });
}

const report = reportWith([device]);
const sent = (level: PrivacyLevel) => applyPrivacy(report, { level, key }).devices[0] as Record<string, unknown>;

describe('applyPrivacy, field by field', () => {
  type Expect = 'kept' | 'masked' | 'absent' | ((v: unknown) => void);
  const rows: [string, Expect, Expect][] = [
    // field, masked, minimal
    ['ip', 'masked', 'absent'],
    ['port', 'kept', 'absent'],
    ['mac', 'masked', 'absent'],
    ['sysName', 'masked', 'absent'],
    ['hostname', 'masked', 'absent'],
    ['dnsName', 'masked', 'absent'],
    ['location', 'masked', 'absent'],
    ['contact', 'masked', 'absent'],
    ['kind', 'kept', 'kept'],
    ['vendor', 'kept', 'kept'],
    ['model', 'kept', 'kept'],
    ['serialNumber', 'kept', 'kept'],
    ['meters', 'kept', 'kept'],
    ['supplies', 'kept', 'kept'],
    ['collectedAt', 'kept', 'kept'],
    ['firmwareVersion', 'kept', 'absent'],
    ['assetNumber', 'kept', 'absent'],
    ['uptimeSeconds', 'kept', 'absent'],
    ['requests', 'kept', 'absent'],
    ['errors', (v) => expect(v).toEqual([{ field: 'contact', problem: 'badValue', detail: `contact "${hmac('Jane Doe')}" has a stray byte` }]), 'absent'],
    ['sysDescr', (v) => expect(v).toBe(`Example MFP 9000 (${hmac('PRN-FINANCE-7')})`), 'absent'],
    ['display', (v) => expect(v).toBe(`Ready ${hmac('192.0.2.7')} MAC ${hmac('02:00:5e:aa:bb:07')}`), 'absent'],
    ['status', (v) => expect(v).toMatchObject({ alerts: [{ description: `call ${hmac('Jane Doe')} at ${hmac('Finance, room 12')}` }] }), (v) => expect((v as Report['devices'][0]['status']).alerts[0].description).toBe(`call ${hmac('Jane Doe')} at ${hmac('Finance, room 12')}`)],
    [
      'provenance',
      (v) =>
        expect(v).toEqual({
          'meters.total': device.provenance!['meters.total'],
          'meters.color': device.provenance!['meters.color'],
          firmwareVersion: { ...device.provenance!.firmwareVersion, raw: `"fw 1.2.3 at ${hmac('192.0.2.7')}"` },
        }),
      'absent',
    ],
  ];

  const check = (level: PrivacyLevel, field: string, want: Expect) => {
    const value = sent(level)[field];
    if (want === 'kept') expect(value).toEqual((device as unknown as Record<string, unknown>)[field]);
    else if (want === 'absent') expect(value).toBeUndefined();
    else if (want === 'masked') expect(value).toBe(hmac(String((device as unknown as Record<string, unknown>)[field])));
    else want(value);
  };
  it.each(rows)('%s: masked', (field, masked) => check('masked', field, masked));
  it.each(rows)('%s: minimal', (field, _masked, minimal) => check('minimal', field, minimal));
  it.each(rows)('%s: full sends it as collected', (field) => check('full', field, 'kept'));
});

describe('applyPrivacy, the rest of the report', () => {
  it.each(['masked', 'minimal'] as const)('%s masks the collector hostname and keeps its id', (level) => {
    expect(applyPrivacy(report, { level, key }).collector).toMatchObject({ id: report.collector.id, hostname: hmac('site-laptop-42') });
  });

  it('masked masks problems and other hosts, and their text', () => {
    const out = applyPrivacy(report, { level: 'masked', key }) as Report;
    expect(out.problems).toEqual([{ ip: hmac('192.0.2.9'), port: 161, problem: 'timeout', detail: `no answer from ${hmac('192.0.2.9')} before the timeout` }]);
    expect(out.others![0]).toMatchObject({ ip: hmac('192.0.2.200'), sysName: hmac('core-switch'), sysDescr: `Switch ${hmac('core-switch')} v1` });
  });

  it('minimal sends no problems and no other hosts; the summary still counts them', () => {
    const out = applyPrivacy(report, { level: 'minimal', key });
    expect(out.problems).toEqual([]);
    expect(out).not.toHaveProperty('others');
    expect(out.summary).toEqual(report.summary);
  });

  it('full is the report itself', () => {
    expect(applyPrivacy(report, { level: 'full' })).toBe(report);
  });

  it('masks depend on the key alone: the same under one key, different under another', () => {
    const other = randomBytes(32);
    expect(applyPrivacy(report, { level: 'masked', key }).devices[0]).toEqual(sent('masked'));
    expect((applyPrivacy(report, { level: 'masked', key: other }).devices[0] as DeviceRecord).ip).toBe(hmac('192.0.2.7', other));
    expect(hmac('192.0.2.7', other)).not.toBe(hmac('192.0.2.7'));
  });

  it('refuses to mask without the key', () => {
    expect(() => applyPrivacy(report, { level: 'masked' })).toThrow(/needs the collector's key/);
  });

  it.each(['full', 'masked', 'minimal'] as const)('a %s report of every vendor fixture matches the published schema', async (level) => {
    const out = JSON.parse(JSON.stringify(applyPrivacy(reportWith(await fixtureRecords()), { level, key })));
    expect(validateSentReport(out)).toEqual(out);
  });

  it('a minimal report is not taken for a whole one', () => {
    expect(() => validateReport(JSON.parse(JSON.stringify(applyPrivacy(report, { level: 'minimal', key }))))).toThrow(/privacy is minimal/);
  });

  it('the schema refuses an address in a minimal report', () => {
    const out = JSON.parse(JSON.stringify(applyPrivacy(report, { level: 'minimal', key })));
    out.devices[0].ip = '192.0.2.7';
    expect(() => validateSentReport(out)).toThrow(/\/devices\/0 must NOT have additional properties "ip"/);
  });
});

describe('scrubbing free text', () => {
  let m: Masker;
  beforeAll(() => {
    m = new Masker(key);
    m.mask('192.0.2.1');
    m.mask('Lab');
    m.mask('B2');
    m.mask('Büro 2.OG');
    m.maskMac('02:00:5e:aa:bb:07');
  });
  it.each([
    ['at 192.0.2.1:161', `at ${hmac('192.0.2.1')}:161`],
    ['192.0.2.10 is another host', '192.0.2.10 is another host'],
    ['Label printer in the lab', `Label printer in the ${hmac('Lab')}`],
    ['room B2', 'room B2'],
    ['Drucker im büro 2.og', `Drucker im ${hmac('Büro 2.OG')}`],
    ['mac 02-00-5E-AA-BB-07', `mac ${hmac('02:00:5e:aa:bb:07')}`],
    ['id 02005eaabb07.', `id ${hmac('02:00:5e:aa:bb:07')}.`],
  ])('%s', (text, want) => {
    expect(m.scrub(text)).toBe(want);
  });
});

describe('stricterPrivacy: the site and the server, whichever sends less', () => {
  it.each([
    [undefined, undefined, 'full'],
    ['full', undefined, 'full'],
    [undefined, 'masked', 'masked'],
    ['full', 'masked', 'masked'],
    ['masked', 'full', 'masked'],
    ['minimal', 'masked', 'minimal'],
    ['masked', 'minimal', 'minimal'],
  ] as const)('%s and %s: %s', (site, server, want) => {
    expect(stricterPrivacy(site, server)).toBe(want);
  });
});

describe('privacy in the server configuration document', () => {
  it.each(['full', 'masked', 'minimal'] as const)('privacy %s is read', (level) => {
    expect(parseServerConfig({ privacy: level }, 'config').privacy).toBe(level);
  });
  it('no privacy leaves the site to decide', () => {
    expect(parseServerConfig({}, 'config').privacy).toBeUndefined();
  });
  it.each([['secret'], [1], [null]])('privacy %j is refused, naming the path', (value) => {
    expect(() => parseServerConfig({ privacy: value }, 'config')).toThrow(/config: \/privacy must be equal to one of the allowed values/);
  });
});

describe('the privacy key', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'printscan-privacy-key-'));

  it('is made once, mode 0600, and read back the same', async () => {
    const state = dir();
    const made = await privacyKey(state);
    expect(made).toHaveLength(32);
    expect(statSync(join(state, PRIVACY_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(await privacyKey(state)).toEqual(made);
    expect(await privacyKey(dir())).not.toEqual(made);
  });

  it('a copy restored with a loose mode is tightened', async () => {
    const state = dir();
    const made = await privacyKey(state);
    chmodSync(join(state, PRIVACY_KEY_FILE), 0o644);
    expect(await privacyKey(state)).toEqual(made);
    expect(statSync(join(state, PRIVACY_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('a damaged key is an error that names the file, never silently replaced', async () => {
    const state = dir();
    writeFileSync(join(state, PRIVACY_KEY_FILE), 'not a key\n', { mode: 0o600 });
    await expect(privacyKey(state)).rejects.toThrow(`${join(state, PRIVACY_KEY_FILE)} is not a printscan privacy key`);
    expect(readFileSync(join(state, PRIVACY_KEY_FILE), 'utf8')).toBe('not a key\n');
  });
});

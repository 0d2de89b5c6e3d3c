import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../src/collect/types.js';
import { checkRecipient, openReport, sealReport } from '../../src/report/seal.js';
import { validateReport } from '../../src/report/validate.js';
import { hasCommand } from '../helpers/agents.js';
import { fixtureRecords, reportOf, typicalFleet } from '../helpers/reports.js';

let templates: DeviceRecord[];
let identity: string;
let recipient: string;
const dir = mkdtempSync(join(tmpdir(), 'printscan-report-'));

beforeAll(async () => {
  templates = await fixtureRecords();
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
});

describe('the report document', () => {
  it('a report of every vendor fixture matches the published schema', () => {
    const report = reportOf(templates);
    expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report.devices).toHaveLength(templates.length);
    expect(report.summary).toMatchObject({ devices: templates.length, collected: templates.length, failed: 0 });
  });

  it.each([
    ['an unknown top-level key', (r: Record<string, unknown>) => (r.extra = 1), /must NOT have additional properties "extra"/],
    ['a wrong schemaVersion', (r: Record<string, unknown>) => (r.schemaVersion = 2), /\/schemaVersion must be equal to constant/],
    ['a negative meter', (r: Record<string, unknown>) => (((r.devices as DeviceRecord[])[0].meters as Record<string, number>).total = -1), /\/devices\/0\/meters\/total must be >= 0/],
    ['a percent above 100', (r: Record<string, unknown>) => ((r.devices as DeviceRecord[]).find((d) => d.supplies.length > 0)!.supplies[0].percent = 101), /\/devices\/\d+\/supplies\/0\/percent must be <= 100/],
    ['a missing reportId', (r: Record<string, unknown>) => delete r.reportId, /must have required property 'reportId'/],
  ])('the schema refuses %s and names the path', (_what, spoil, message) => {
    const report = JSON.parse(JSON.stringify(reportOf(templates))) as Record<string, unknown>;
    spoil(report);
    expect(() => validateReport(report)).toThrow(message);
  });

  it('every report gets its own reportId', () => {
    expect(reportOf(templates).reportId).not.toBe(reportOf(templates).reportId);
  });
});

describe('sealing', () => {
  it('a sealed report opens with the identity and equals the original', async () => {
    const report = reportOf(templates);
    const sealed = await sealReport(report, recipient);
    expect(await openReport(sealed, identity)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('a report for 250 typical devices seals well under 100 KB', async () => {
    const report = reportOf(typicalFleet(templates, 250));
    const json = Buffer.byteLength(JSON.stringify(report));
    const sealed = await sealReport(report, recipient);
    console.info(`250 devices: ${(json / 1024).toFixed(1)} KB JSON -> ${(sealed.byteLength / 1024).toFixed(1)} KB sealed`);
    expect(sealed.byteLength).toBeLessThan(100 * 1024);
  });

  it.skipIf(!hasCommand('age'))('Debian age decrypts it: age -d -i key.txt | gunzip gives the report', async () => {
    const report = reportOf(templates);
    const file = join(dir, `${report.reportId}.json.gz.age`);
    const key = join(dir, 'key.txt');
    writeFileSync(file, await sealReport(report, recipient));
    writeFileSync(key, `# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
    const out = spawnSync('sh', ['-c', `age -d -i "${key}" "${file}" | gunzip`], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('another identity cannot open it, and a flipped byte is detected', async () => {
    const sealed = await sealReport(reportOf(templates), recipient);
    await expect(openReport(sealed, await generateX25519Identity())).rejects.toThrow(/cannot decrypt the report/);
    const tampered = Uint8Array.from(sealed);
    tampered[tampered.length - 20] ^= 0x01;
    await expect(openReport(tampered, identity)).rejects.toThrow(/cannot decrypt the report/);
  });

  it.each(['age1notarecipient', 'AGE-SECRET-KEY-1QQQ', '', 'age1' + 'q'.repeat(57)])('refuses the recipient %j with a hint', (bad) => {
    expect(() => checkRecipient(bad)).toThrow(/is not an age X25519 recipient/);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canServeRecordings, SERVE_RECORDINGS, SHARED_RECORDINGS } from '../helpers/agents.js';
import { ndjson, runCli } from '../helpers/cli.js';

const canServe = canServeRecordings();

/** The vendor family each file-name prefix stands for: the maker, or the badge on an OEM model. */
const FAMILY: Record<string, { vendor: string; brand?: string; kind?: string }> = {
  brother: { vendor: 'Brother' },
  canonprinter: { vendor: 'Canon' },
  'dell-laser': { vendor: expect.stringMatching(/^(Lexmark|Fujifilm)$/) as unknown as string, brand: 'Dell' },
  epson: { vendor: 'Epson' },
  fujifilmprinter: { vendor: 'Fujifilm' },
  gestetner: { vendor: 'Ricoh', brand: 'Gestetner' },
  jetdirect: { vendor: 'HP' },
  konica: { vendor: 'Konica Minolta' },
  kyocera: { vendor: 'Kyocera' },
  nrg: { vendor: 'Ricoh', brand: 'NRG' },
  ricoh: { vendor: 'Ricoh' },
  samsungprinter: { vendor: 'Samsung' },
  sharp: { vendor: 'Sharp' },
  'toshiba-tec': { vendor: 'Toshiba TEC' },
  xerox: { vendor: 'Xerox' },
  zebra: { vendor: 'Zebra', kind: 'label' },
};

const labState = mkdtempSync(join(tmpdir(), 'printscan-lab-'));
// snmpsimd drops to nobody: it must be able to walk into its data directory.
chmodSync(labState, 0o755);
const state = mkdtempSync(join(tmpdir(), 'printscan-test-state-'));
const files = canServe ? readdirSync(SHARED_RECORDINGS).filter((f) => f.endsWith('.snmprec')).sort() : [];
/** Files that answer sysDescr or sysObjectID are devices; `NAME@Context` files are another view of one. */
const devices = files.filter((f) => /^1\.3\.6\.1\.2\.1\.1\.[12]\.0\|/m.test(readFileSync(join(SHARED_RECORDINGS, f), 'utf8')));

beforeAll(() => {
  if (!canServe) return;
  const r = spawnSync('bash', [SERVE_RECORDINGS, 'start', 'printscan-test', '127.34.0', ...files.map((f) => join(SHARED_RECORDINGS, f))], {
    env: { ...process.env, LAB_STATE: labState },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`serve-recordings failed: ${r.stderr}`);
});
afterAll(() => {
  if (canServe) spawnSync('bash', [SERVE_RECORDINGS, 'stop', 'printscan-test'], { env: { ...process.env, LAB_STATE: labState } });
});

describe.skipIf(!canServe)('discover against snmpsim serving real recordings', () => {
  it('recognises every recorded device as an imaging device of the right vendor', async () => {
    const r = await runCli(['discover', `127.34.0.1-${files.length}`, '--ndjson', '--timeout', '2000', '--state', state, '--quiet']);
    expect(r.code).toBe(0);
    const byIp = new Map(ndjson(r.stdout).map((d) => [d.ip, d]));
    const wrong: string[] = [];
    files.forEach((file, i) => {
      if (!devices.includes(file)) return;
      const family = FAMILY[file.split(/[_@.]/)[0]];
      const found = byIp.get(`127.34.0.${i + 1}`);
      try {
        expect(family, `no family for ${file}`).toBeDefined();
        expect(found).toMatchObject({ imaging: true, ...family });
      } catch {
        wrong.push(`${file}: ${JSON.stringify(found && { vendor: found.vendor, brand: found.brand, kind: found.kind })}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(devices.length).toBeGreaterThanOrEqual(35);
  });
});

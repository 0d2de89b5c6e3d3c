/**
 * The fingerprint over a table of facts from the public knowledge bases (enterprise numbers
 * and sysObjectID prefixes, sysDescr shapes, device IDs): every row must come out right. The
 * `source` column names where the row's sysObjectID, maker or model comes from; the sysDescr
 * and hrDeviceDescr texts are the project's own, in the form the maker's devices use. Each
 * device answers SNMPv2-MIB only (no Printer-MIB), with at most the host-resources printer row
 * and a print server's IEEE-1284 device ID, so the profile alone has to know it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HR_DEVICE_PRINTER, identify } from '../../src/profiles/fingerprint.js';
import { loadProfiles } from '../../src/profiles/load.js';

const HR_DEVICE_DESCR = '1.3.6.1.2.1.25.3.2.1.3.1';
/** Where a device ID is read: the PWG port monitor (print servers), HP's and Brother's own objects. */
const DEVICE_ID_OIDS = ['1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1', '1.3.6.1.4.1.11.2.3.9.1.1.7.0', '1.3.6.1.4.1.2435.2.3.9.1.1.7.0'];

interface Fact {
  sysObjectID: string;
  sysDescr: string;
  hrDeviceDescr: string;
  deviceId: string;
  vendor: string;
  brand: string;
  kind: string;
  model: string;
  source: string;
}

const [header, ...lines] = readFileSync(new URL('../fixtures/profiles/fingerprint-facts.tsv', import.meta.url), 'utf8').trimEnd().split('\n');
const columns = header.split('\t') as (keyof Fact)[];
const facts = lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i], v])) as unknown as Fact);
const profiles = loadProfiles();

describe('fingerprint over the facts of the public knowledge bases', () => {
  it('holds at least 150 facts, each with its source', () => {
    expect(facts.length).toBeGreaterThanOrEqual(150);
    expect(facts.filter((f) => !f.source || !f.vendor || !f.kind)).toEqual([]);
  });

  it.each(facts.map((f) => [f.sysObjectID || '-', f.sysDescr || '-', f.hrDeviceDescr || f.deviceId || '-', f] as const))('%s / %s / %s', (_o, _d, _h, f) => {
    const values = new Map<string, string>();
    if (f.hrDeviceDescr) values.set(HR_DEVICE_DESCR, f.hrDeviceDescr);
    for (const oid of DEVICE_ID_OIDS) if (f.deviceId) values.set(oid, f.deviceId);
    const found = identify(profiles, {
      sysObjectID: f.sysObjectID || undefined,
      sysDescr: f.sysDescr || undefined,
      hrDeviceType: f.hrDeviceDescr || f.deviceId ? HR_DEVICE_PRINTER : undefined,
      hrDeviceDescr: f.hrDeviceDescr || undefined,
      printerMib: false,
      values,
    });
    expect({ imaging: found.imaging, vendor: found.vendor, brand: found.brand, kind: found.kind }).toEqual({
      imaging: true,
      vendor: f.vendor,
      brand: f.brand || undefined,
      kind: f.kind,
    });
    if (f.model) expect(found.model).toBe(f.model);
  });
});

/**
 * Scores collected records against the expected results shipped beside ../shared/recordings:
 * serial, MAC, counters, model and firmware exactly; supply percentages within 1 where the device states
 * level and capacity, else the state the raw level means and no percent.
 * Nothing here is copied into the repository: files are read where they are, at test time.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareOids } from '../../src/snmp/oid.js';

export const RECORDINGS_ROOT = new URL('../../../shared/recordings/', import.meta.url).pathname;

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

export interface Case {
  /** file name served (snmprec) */
  file: string;
  path: string;
  vendor: string;
  expect: (record: Record<string, unknown> | undefined) => Check[];
}

type Rec = Record<string, any>;

const norm = (s: unknown) => String(s ?? '').toLowerCase().replace(/\s+series$/, '').replace(/[^a-z0-9.]+/g, ' ').trim();

/**
 * Text compared whole, after case, spacing, a trailing " series" and a leading maker's name
 * ("HP Color LaserJet" is the expected "Color LaserJet") are set aside: a substring is not a match.
 */
function sameText(what: string, expected: unknown, got: unknown, makers: readonly string[] = []): Check {
  const bare = (s: unknown) => makers.reduce((t, m) => (t.startsWith(`${norm(m)} `) ? t.slice(norm(m).length + 1) : t), norm(s));
  const e = bare(expected);
  return { what, ok: e !== '' && e === bare(got), detail: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}` };
}

function exact(what: string, expected: unknown, got: unknown): Check {
  return { what, ok: expected === got, detail: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}` };
}

function macText(hex: string): string {
  return hex.toLowerCase().match(/../g)!.join(':');
}

/** The raw level and capacity the recording holds for a supply, by the OIDs of its row (−2 where absent). */
export interface RawSupply {
  level: number;
  max: number;
}

/**
 * A supply scored exactly: where the device states both level and capacity, the percent
 * must be the expected file's number (within 1: the files round differently); where it
 * does not, the percent must be null and the state the one the raw level means. A null
 * percent never passes on its own.
 */
function supplyCheck(what: string, expected: number, supply: Rec | undefined, raw: RawSupply | undefined): Check {
  if (!supply) return { what, ok: false, detail: `expected ${expected}%, no such supply` };
  const got = supply.percent;
  if (raw && (raw.level < 0 || raw.max <= 0)) {
    const state = raw.level === -3 ? 'someRemaining' : raw.level === -1 || (raw.level > 0 && raw.max === -1) ? 'other' : raw.level === 0 ? 'empty' : 'unknown';
    return { what, ok: got === null && supply.state === state, detail: `raw level ${raw.level}/${raw.max}: expected state ${state} and no percent, got ${supply.state} ${JSON.stringify(got)}` };
  }
  return { what, ok: typeof got === 'number' && Math.abs(got - expected) <= 1, detail: `expected ${expected}%, got ${JSON.stringify(got)} (${supply.state})` };
}

/** Level and capacity of each row of prtMarkerSuppliesTable in a recording, by row index. */
function rawSupplies(path: string): Map<number, RawSupply> {
  const out = new Map<number, RawSupply>();
  const values = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\.?1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.(8|9)\.1\.(\d+)\|2\|(-?\d+)\s*$/.exec(line);
    if (m) values.set(`${m[1]}.${m[2]}`, Number(m[3]));
  }
  for (const key of values.keys()) {
    const index = Number(key.split('.')[1]);
    out.set(index, { level: values.get(`9.${index}`) ?? -2, max: values.get(`8.${index}`) ?? -2 });
  }
  return out;
}

/** Vendor counter OIDs of the expected files → our meter names. */
const METER_BY_OID: Record<string, string> = {
  '.1.3.6.1.2.1.43.10.2.1.4.1.1': 'total',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.1': 'copyMono',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.1.2': 'printMono',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.1': 'copyColor',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.2.2': 'printColor',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.1.3.0': 'duplex',
  '.1.3.6.1.4.1.18334.1.1.1.5.7.2.1.5.0': 'scan',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.60': 'print',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.61': 'printMono',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.63': 'printColor',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.60': 'copy',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.61': 'copyMono',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.4.4.63': 'copyColor',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.5.4.61': 'mono',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.1.4.75': 'duplex',
  '.1.3.6.1.4.1.2385.1.1.19.2.1.3.7.4.50': 'scan',
};

const VENDOR_BY_PREFIX: Record<string, string> = {
  brother: 'Brother',
  canonprinter: 'Canon',
  'dell-laser': 'Dell',
  epson: 'Epson',
  fujifilmprinter: 'Fujifilm',
  jetdirect: 'HP',
  konica: 'Konica Minolta',
  ricoh: 'Ricoh',
  samsungprinter: 'Samsung',
  sharp: 'Sharp',
  xerox: 'Xerox',
};

function librenmsCase(dir: string, name: string, workDir: string): Case {
  const expected = JSON.parse(readFileSync(join(dir, 'expected', `${name}.json`), 'utf8')) as Rec;
  const dev = expected.os?.discovery?.devices?.[0] ?? {};
  const ports: Rec[] = expected.ports?.discovery?.ports ?? [];
  const macs = ports.map((p) => p.ifPhysAddress).filter((m): m is string => typeof m === 'string' && /^[0-9a-f]{12}$/i.test(m) && !/^0+$/.test(m));
  const supplies: Rec[] = expected['printer-supplies']?.discovery?.printer_supplies ?? [];
  const counters: Rec[] = (expected.sensors?.discovery?.sensors ?? []).filter((s: Rec) => s.sensor_class === 'count');
  const path = withContexts(dir, name, workDir);
  const raw = rawSupplies(path);
  return {
    file: `${name}.snmprec`,
    path,
    vendor: VENDOR_BY_PREFIX[name.split(/[_@]/)[0]] ?? name,
    expect(r) {
      const checks: Check[] = [];
      if (!r) return [{ what: 'found', ok: false, detail: 'not collected' }];
      if (dev.serial) checks.push(exact('serial', dev.serial, r.serialNumber));
      if (macs.length > 0) checks.push(exact('mac', macText(macs[0]), r.mac));
      if (dev.hardware) checks.push(sameText('model', String(dev.hardware).replace(/\s*\[.*\]$/, ''), r.model, [r.vendor, r.brand].filter((m): m is string => typeof m === 'string' && m !== '')));
      if (dev.version) checks.push(sameText('firmware', dev.version, r.firmwareVersion));
      for (const s of counters) {
        const meter = METER_BY_OID[s.sensor_oid];
        if (meter) checks.push(exact(`meters.${meter}`, Number(s.sensor_current), (r.meters as Rec)?.[meter]));
      }
      for (const s of supplies) {
        const m = /^\.1\.3\.6\.1\.2\.1\.43\.11\.1\.1\.9\.1\.(\d+)$/.exec(s.supply_oid ?? '');
        if (!m) continue;
        const ours = (r.supplies as Rec[]).find((x) => x.index === Number(m[1]));
        checks.push(supplyCheck(`supply ${s.supply_descr}`, Number(s.supply_current), ours, raw.get(Number(m[1]))));
      }
      return checks;
    },
  };
}

/** Brother GET maps → snmprec: text as hex (UTF-8 kept byte for byte), maintenance rows joined into one OCTET STRING. */
function brotherSnmprec(map: Rec): string {
  const lines: string[] = [];
  for (const [oid, value] of Object.entries(map)) {
    let line: string;
    if (Array.isArray(value)) line = `${oid}|4x|${value.join('')}ff`;
    else if (oid === '1.3.6.1.2.1.2.2.1.6.1' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(String(value))) line = `${oid}|4x|${String(value).replace(/:/g, '')}`;
    else if (oid === '1.3.6.1.2.1.1.3.0') line = `${oid}|67|${value}`;
    else if (oid.startsWith('1.3.6.1.2.1.43.10.2.1.4.')) line = `${oid}|65|${value}`;
    else if (oid.startsWith('1.3.6.1.2.1.43.7.1.1.4.')) line = `${oid}|2|${value}`;
    else line = `${oid}|4x|${Buffer.from(String(value), 'utf8').toString('hex')}`;
    lines.push(line);
  }
  return sortedSnmprec(lines);
}

/** snmpsim looks OIDs up by bisection: lines must be in OID order. */
function sortedSnmprec(lines: string[]): string {
  const byOid = new Map<string, string>();
  for (const line of lines) {
    const oid = line.slice(0, line.indexOf('|'));
    if (oid && !byOid.has(oid)) byOid.set(oid, line);
  }
  return [...byOid.keys()].sort(compareOids).map((oid) => byOid.get(oid)).join('\n') + '\n';
}

/**
 * A device recorded under SNMP contexts (`NAME@Context.snmprec`) answered LibreNMS in each;
 * its expected result is their union, so the served device is too (the default context wins).
 */
function withContexts(dir: string, name: string, workDir: string): string {
  const main = join(dir, 'snmprec', `${name}.snmprec`);
  const contexts = readdirSync(join(dir, 'snmprec')).filter((f) => f.startsWith(`${name}@`));
  if (contexts.length === 0) return main;
  const lines = [main, ...contexts.map((f) => join(dir, 'snmprec', f))].flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('|')));
  const merged = join(workDir, `${name}.snmprec`);
  writeFileSync(merged, sortedSnmprec(lines));
  return merged;
}

const BROTHER_METERS: Record<string, string> = { page_counter: 'total', bw_counter: 'mono', color_counter: 'color', image_counter: 'images', duplex_unit_pages_counter: 'duplex' };
const BROTHER_SUPPLIES: [RegExp, (s: Rec, key: string) => boolean][] = [
  [/^(black|cyan|magenta|yellow)_(toner|ink)_remaining$/, (s, key) => s.type === (key.includes('_ink_') ? 'ink' : 'toner')],
  [/^drum_remaining_life$/, (s) => s.type === 'drum' && !s.color],
  [/^(black|cyan|magenta|yellow)_drum_remaining_life$/, (s) => s.type === 'drum'],
  [/^belt_unit_remaining_life$/, (s) => s.type === 'belt'],
  [/^fuser_remaining_life$/, (s) => s.type === 'fuser'],
  [/^pf_kit_1_remaining_life$/, (s) => /kit 1/.test(s.description)],
];

function brotherCase(dir: string, key: string, expected: Rec, workDir: string): Case {
  const name = key.replace(/^fixtures\//, '').replace(/\.json$/, '');
  const path = join(workDir, `brother-${name}.snmprec`);
  writeFileSync(path, brotherSnmprec(JSON.parse(readFileSync(join(dir, key), 'utf8'))));
  return {
    file: `brother-${name}.snmprec`,
    path,
    vendor: 'Brother',
    expect(r) {
      if (!r) return [{ what: 'found', ok: false, detail: 'not collected' }];
      const checks: Check[] = [sameText('model', expected.model, r.model), sameText('firmware', expected.firmware, r.firmwareVersion)];
      if (expected.serial && expected.serial !== 'serial_number') checks.push(exact('serial', expected.serial, r.serialNumber));
      if (expected.mac) checks.push(exact('mac', expected.mac, r.mac));
      for (const [key, meter] of Object.entries(BROTHER_METERS)) {
        if (expected.counters?.[key] !== undefined) checks.push(exact(`meters.${meter}`, expected.counters[key], (r.meters as Rec)?.[meter]));
      }
      for (const [key, value] of Object.entries(expected.supplies ?? {})) {
        const rule = BROTHER_SUPPLIES.find(([re]) => re.test(key));
        if (!rule) continue;
        const color = /^(black|cyan|magenta|yellow)_/.exec(key)?.[1];
        const ours = (r.supplies as Rec[]).find((s) => rule[1](s, key) && (!color || s.color === color));
        checks.push(supplyCheck(`supply ${key}`, Number(value), ours, undefined));
      }
      return checks;
    },
  };
}

/** Every recording with an expected result; Brother GET maps are written as snmprec into `workDir`. */
export function acceptanceCases(workDir: string): Case[] {
  const cases: Case[] = [];
  const librenms = join(RECORDINGS_ROOT, 'librenms');
  if (existsSync(join(librenms, 'expected'))) {
    for (const f of readdirSync(join(librenms, 'expected')).sort()) cases.push(librenmsCase(librenms, f.replace(/\.json$/, ''), workDir));
  }
  const brother = join(RECORDINGS_ROOT, 'brother');
  if (existsSync(join(brother, 'expected.json'))) {
    const expected = JSON.parse(readFileSync(join(brother, 'expected.json'), 'utf8')) as Rec;
    for (const key of Object.keys(expected).sort()) cases.push(brotherCase(brother, key, expected[key], workDir));
  }
  return cases;
}

export interface VendorScore {
  vendor: string;
  passed: number;
  checks: number;
}

export function scoreByVendor(results: { case: Case; checks: Check[] }[]): VendorScore[] {
  const byVendor = new Map<string, VendorScore>();
  for (const { case: c, checks } of results) {
    const s = byVendor.get(c.vendor) ?? { vendor: c.vendor, passed: 0, checks: 0 };
    s.checks += checks.length;
    s.passed += checks.filter((k) => k.ok).length;
    byVendor.set(c.vendor, s);
  }
  return [...byVendor.values()].sort((a, b) => a.vendor.localeCompare(b.vendor));
}

/** What leaves the site: the report as sealed and pushed, reduced to the customer's `--privacy` level. */
import type { DeviceRecord, DeviceStatus, Provenance, Supply } from '../collect/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import { Masker } from './masker.js';
import type { PrivacyLevel } from './privacy-levels.js';
import type { MinimalDevice, Report, SentReport } from './types.js';

export interface Privacy {
  level: PrivacyLevel;
  /** the collector's masking secret (see privacyKey); needed unless the level is full */
  key?: Buffer;
}

/** Fields that name a host, a place or a person: masked, and their provenance (raw values) left out. */
export const MASKED_FIELDS = ['ip', 'mac', 'hostname', 'sysName', 'dnsName', 'location', 'contact'] as const;

/** Every value that `masked` hides, registered before any free text is scrubbed. */
function registerAll(report: Report, m: Masker): void {
  m.mask(report.collector.hostname);
  for (const d of report.others ?? []) [d.ip, d.sysName].forEach((v) => m.mask(v));
  for (const d of report.devices) {
    [d.ip, d.sysName, d.hostname, d.dnsName, d.location, d.contact].forEach((v) => m.mask(v));
    m.maskMac(d.mac);
  }
  for (const p of report.problems) m.mask(p.ip);
}

function scrubStatus(status: DeviceStatus, m: Masker): DeviceStatus {
  return { ...status, alerts: status.alerts.map((a) => ({ ...a, description: m.scrub(a.description) })) };
}

const scrubSupplies = (supplies: Supply[], m: Masker): Supply[] => supplies.map((s) => ({ ...s, description: m.scrub(s.description) }));

function scrubProvenance(provenance: Record<string, Provenance> | undefined, m: Masker): Record<string, Provenance> | undefined {
  if (!provenance) return undefined;
  // a raw value shown in hex could spell a name the scrub cannot see: only a meter's is kept
  const kept = Object.entries(provenance).filter(
    ([field, p]) => !(MASKED_FIELDS as readonly string[]).includes(field) && (!p.raw.startsWith('0x') || field.startsWith('meters.')),
  );
  return Object.fromEntries(kept.map(([field, p]) => [field, { ...p, raw: m.scrub(p.raw) }]));
}

function maskedDiscovered<T extends DiscoveredDevice>(d: T, m: Masker): T {
  return { ...d, ip: m.mask(d.ip), sysName: m.mask(d.sysName), sysDescr: m.scrub(d.sysDescr), deviceIdentifier: m.scrub(d.deviceIdentifier) };
}

function maskedDevice(d: DeviceRecord, m: Masker): DeviceRecord {
  return {
    ...maskedDiscovered(d, m),
    mac: m.maskMac(d.mac),
    hostname: m.mask(d.hostname),
    dnsName: m.mask(d.dnsName),
    location: m.mask(d.location),
    contact: m.mask(d.contact),
    assetNumber: m.scrub(d.assetNumber),
    display: m.scrub(d.display),
    supplies: scrubSupplies(d.supplies, m),
    status: scrubStatus(d.status, m),
    errors: d.errors.map((e) => ({ ...e, detail: m.scrub(e.detail) })),
    provenance: scrubProvenance(d.provenance, m),
  };
}

function minimalDevice(d: DeviceRecord, m: Masker): MinimalDevice {
  const { kind, vendor, brand, model, family, modelNumber, serialNumber, meters, collectedAt } = d;
  return { kind, vendor, brand, model, family, modelNumber, serialNumber, meters, supplies: scrubSupplies(d.supplies, m), status: scrubStatus(d.status, m), collectedAt };
}

const maskedProblem = (p: HostProblem, m: Masker): HostProblem => ({ ...p, ip: m.mask(p.ip), detail: m.scrub(p.detail) });

/** JSON drops undefined keys; dropping them here too makes the result equal to what is sealed. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * `full`: the report as it is. `masked`: the same fields, but every value that names a host,
 * a place or a person replaced by a keyed hash (and hunted down in free text). `minimal`:
 * per device only what it is and its meters, supplies and status; no addresses, no problems
 * (their count stays in the summary), no other hosts.
 */
export function applyPrivacy(report: Report, privacy: Privacy): SentReport {
  if (privacy.level === 'full') return report;
  if (!privacy.key) throw new Error(`privacy ${privacy.level} needs the collector's key`);
  const m = new Masker(privacy.key);
  registerAll(report, m);
  const collector = { ...report.collector, hostname: m.mask(report.collector.hostname) };
  if (privacy.level === 'minimal') {
    const { others: _others, ...rest } = report;
    return plain({ ...rest, collector, privacy: 'minimal', devices: report.devices.map((d) => minimalDevice(d, m)), problems: [] });
  }
  return plain({
    ...report,
    collector,
    privacy: 'masked',
    devices: report.devices.map((d) => maskedDevice(d, m)),
    ...(report.others ? { others: report.others.map((d) => maskedDiscovered(d, m)) } : {}),
    problems: report.problems.map((p) => maskedProblem(p, m)),
  });
}

/**
 * One device's collect: plan every read the profile needs, send them in one round (GET,
 * table lookahead, walks in parallel), then turn the answers into a record. With what the
 * last collect learned, only the sources that answered are asked for; a second round asks
 * the other sources of a field whose source stopped answering.
 */
import { now } from '../clock.js';
import { capDeviceStrings } from '../identify/device-strings.js';
import type { DiscoveredDevice } from '../identify/types.js';
import type { Profile, ResolvedField } from '../profiles/types.js';
import { scrub } from '../secrets.js';
import type { SnmpReader } from '../snmp/reader.js';
import type { Varbind } from '../snmp/types.js';
import { addNeeds, emptyNeeds, evaluateField, type Needs, type Readings } from './fields.js';
import { hintsFor, profileRevision, type ReadHints } from './read-hints.js';
import { recordProvenance } from './explain.js';
import { readErrors, type ReadRound } from './read-failures.js';
import { modelOids } from '../profiles/fingerprint.js';
import { readRound } from './read-round.js';
import { localizationCharset } from './charset.js';
import { LOCALIZATION_COLUMNS, STANDARD_COLUMNS, SYS_DESCR } from './standard-oids.js';
import { statusFrom } from './status.js';
import { declaredSupplies, standardSupplies } from './supplies.js';
import { rowsOf } from './table-reads.js';
import { IDENTITY_FIELDS, type DeviceRecord, type FieldError, type IdentityFields, type Provenance } from './types.js';

export interface CollectDeviceOptions {
  /** fields read once that are already known: not asked again */
  known?: IdentityFields;
  /** what the last collect learned: only what answered is asked for */
  hints?: ReadHints;
  explain?: boolean;
}

export interface CollectedDevice {
  record: DeviceRecord;
  /** what this collect learned, for the next one */
  hints: ReadHints;
  /** neither the GET nor the table reads were answered: the device (or this credential) is not there */
  unreachable?: boolean;
}

const METER_PREFIX = 'meters.';

type Wanted = [string, ResolvedField][];

/** The reads of every source of each field, or with `chosen` only the one that answered last time (none when none did). */
function needsOf(wanted: Wanted, ip: string, chosen?: Record<string, number>): Needs {
  const needs = emptyNeeds();
  for (const [name, field] of wanted) {
    const index = chosen?.[name];
    if (index === undefined || index >= field.sources.length) for (const { source } of field.sources) addNeeds(source, ip, needs);
    else if (index >= 0) addNeeds(field.sources[index].source, ip, needs);
  }
  return needs;
}

export async function collectDevice(reader: SnmpReader, device: DiscoveredDevice, profile: Profile, options: CollectDeviceOptions = {}): Promise<CollectedDevice> {
  const known = options.known ?? {};
  const hints = hintsFor(profile, options.hints);
  const wanted: Wanted = Object.entries(profile.fields).filter(
    ([name, field]) => !(field.read === 'discover' && known[name as keyof IdentityFields] !== undefined),
  );
  const needs = needsOf(wanted, device.ip, hints?.sources);
  for (const column of STANDARD_COLUMNS) needs.columns.add(column);
  for (const supply of profile.supplies) {
    addNeeds(supply.percent, device.ip, needs);
    if (supply.remainingPages) addNeeds(supply.remainingPages, device.ip, needs);
  }
  if (!device.sysDescr) needs.gets.add(SYS_DESCR);
  // the model was found at discovery; --explain reads its sources again to show them
  if (options.explain) for (const oid of modelOids(profile)) needs.gets.add(oid);

  const first = await readRound(reader, needs, hints?.tables);
  const rounds: ReadRound[] = [{ needs, result: first }];
  const gets = first.gets;
  const columns = first.columns;
  const readings: Readings = { ip: device.ip, gets, columns, charset: deviceCharset(columns, profile) };
  const sysDescr = device.sysDescr ?? (readings.gets.get(SYS_DESCR)?.value as Buffer | undefined)?.toString('utf8');

  const allRead = !first.getFailed && !first.tablesFailed;
  const missed = hints && allRead ? wanted.filter(([name, field]) => (hints.sources[name] ?? -1) >= 0 && evaluateField(field, readings, sysDescr).value === undefined) : [];
  if (missed.length > 0) {
    const more = needsOf(missed, device.ip);
    for (const oid of needs.gets) more.gets.delete(oid);
    for (const column of needs.columns) more.columns.delete(column);
    const second = await readRound(reader, more);
    for (const [oid, vb] of second.gets) gets.set(oid, vb);
    for (const [column, rows] of second.columns) columns.set(column, rows);
    rounds.push({ needs: more, result: second });
  }

  const chosen: Record<string, number> = { ...hints?.sources };
  const identity: Record<string, string | number> = { ...known };
  const meters: Record<string, number> = {};
  const provenance: Record<string, Provenance> = {};
  const badValues: FieldError[] = [];
  const missing = new Set<string>();
  for (const [name, field] of wanted) {
    const result = evaluateField(field, readings, sysDescr);
    chosen[name] = result.sourceIndex ?? -1;
    if (result.badValue) badValues.push({ field: name, problem: 'badValue', detail: scrub(result.badValue) });
    if (result.value === undefined) {
      missing.add(name);
      continue;
    }
    if (result.provenance) provenance[name] = result.provenance;
    if (name.startsWith(METER_PREFIX)) {
      if (typeof result.value === 'number') meters[name.slice(METER_PREFIX.length)] = result.value;
    } else identity[name] = result.value;
  }
  const standard = standardSupplies(readings);
  const supplies = standard.length > 0 ? standard : declaredSupplies(profile.supplies, readings, device.model);
  const status = statusFrom(readings);
  const record: DeviceRecord = {
    ...device,
    ...pickIdentity(identity),
    serialNumber: (identity.serialNumber as string | undefined) ?? device.serialNumber,
    deviceIdentifier: (identity.deviceIdentifier as string | undefined) ?? device.deviceIdentifier,
    meters,
    supplies,
    status,
    errors: [...readErrors(device.ip, rounds, wanted, missing, profile.supplies, { supplies, status }), ...badValues],
    collectedAt: now().toISOString(),
    requests: reader.requests,
  };
  if (options.explain) record.provenance = { ...provenance, ...recordProvenance(record, profile, readings) };
  return {
    record: capDeviceStrings(record),
    hints: { profile: profile.id, revision: profileRevision(profile), tables: { ...hints?.tables, ...rowsOf(readings.columns) }, sources: chosen },
    unreachable: first.getFailed !== undefined && first.tablesFailed !== undefined,
  };
}

/** The charset the device states in its Printer-MIB, else the one its profile declares. */
function deviceCharset(columns: ReadonlyMap<string, readonly Varbind[]>, profile: Profile): string | undefined {
  const rows = (column: string) => columns.get(column) ?? [];
  const { current, console, charset } = LOCALIZATION_COLUMNS;
  return localizationCharset(rows(current), rows(console), rows(charset), charset) ?? profile.charset;
}

function pickIdentity(values: Record<string, string | number>): IdentityFields {
  const out: Record<string, string | number> = {};
  for (const name of IDENTITY_FIELDS) if (values[name] !== undefined) out[name] = values[name];
  return out as IdentityFields;
}

/**
 * One device's collect: plan every read the profile needs, send them as one multi-varbind
 * GET and one multi-column table walk (in parallel), then turn the answers into a record.
 */
import type { DiscoveredDevice } from '../discover/types.js';
import type { Profile } from '../profiles/types.js';
import { SnmpRequestError } from '../snmp/client.js';
import type { SnmpReader } from '../snmp/reader.js';
import type { Varbind } from '../snmp/types.js';
import { addNeeds, emptyNeeds, evaluateField, type Readings } from './fields.js';
import { STANDARD_COLUMNS, SYS_DESCR } from './standard-oids.js';
import { statusFrom } from './status.js';
import { declaredSupplies, standardSupplies } from './supplies.js';
import { IDENTITY_FIELDS, type DeviceRecord, type FieldError, type IdentityFields, type Provenance } from './types.js';

export interface CollectDeviceOptions {
  /** fields read once that are already known: not asked again */
  known?: IdentityFields;
  explain?: boolean;
}

const METER_PREFIX = 'meters.';

function failureOf(err: unknown): FieldError['problem'] {
  return err instanceof SnmpRequestError ? err.failure : 'error';
}

export async function collectDevice(reader: SnmpReader, device: DiscoveredDevice, profile: Profile, options: CollectDeviceOptions = {}): Promise<DeviceRecord> {
  const known = options.known ?? {};
  const wanted = Object.entries(profile.fields).filter(
    ([name, field]) => !(field.read === 'discover' && known[name as keyof IdentityFields] !== undefined),
  );
  const needs = emptyNeeds();
  for (const [, field] of wanted) for (const { source } of field.sources) addNeeds(source, device.ip, needs);
  for (const supply of profile.supplies) {
    addNeeds(supply.percent, device.ip, needs);
    if (supply.remainingPages) addNeeds(supply.remainingPages, device.ip, needs);
  }
  if (!device.sysDescr) needs.gets.add(SYS_DESCR);

  const errors: FieldError[] = [];
  const [gets, columns] = await Promise.allSettled([reader.get([...needs.gets]), reader.walkColumns([...STANDARD_COLUMNS, ...needs.columns])]);
  for (const [what, result] of [['values', gets], ['tables', columns]] as const) {
    if (result.status === 'rejected') errors.push({ field: what, problem: failureOf(result.reason), detail: (result.reason as Error)?.message ?? String(result.reason) });
  }
  const readings: Readings = {
    ip: device.ip,
    gets: gets.status === 'fulfilled' ? gets.value : new Map<string, Varbind>(),
    columns: columns.status === 'fulfilled' ? columns.value : new Map<string, Varbind[]>(),
  };
  const sysDescr = device.sysDescr ?? (readings.gets.get(SYS_DESCR)?.value as Buffer | undefined)?.toString('utf8');

  const identity: Record<string, string | number> = { ...known };
  const meters: Record<string, number> = {};
  const provenance: Record<string, Provenance> = {};
  for (const [name, field] of wanted) {
    const result = evaluateField(field, readings, sysDescr);
    if (result.badValue) errors.push({ field: name, problem: 'badValue', detail: result.badValue });
    if (result.value === undefined) continue;
    if (result.provenance) provenance[name] = result.provenance;
    if (name.startsWith(METER_PREFIX)) {
      if (typeof result.value === 'number') meters[name.slice(METER_PREFIX.length)] = result.value;
    } else identity[name] = result.value;
  }
  const standard = standardSupplies(readings);
  const record: DeviceRecord = {
    ...device,
    ...pickIdentity(identity),
    serialNumber: (identity.serialNumber as string | undefined) ?? device.serialNumber,
    deviceIdentifier: (identity.deviceIdentifier as string | undefined) ?? device.deviceIdentifier,
    meters,
    supplies: standard.length > 0 ? standard : declaredSupplies(profile.supplies, readings),
    status: statusFrom(readings),
    errors,
    collectedAt: new Date().toISOString(),
    requests: reader.requests,
  };
  if (options.explain) record.provenance = provenance;
  return record;
}

function pickIdentity(values: Record<string, string | number>): IdentityFields {
  const out: Record<string, string | number> = {};
  for (const name of IDENTITY_FIELDS) if (values[name] !== undefined) out[name] = values[name];
  return out as IdentityFields;
}

/**
 * `--explain` evidence for what a profile field's own provenance does not cover: the model found
 * at discovery, each supply, and the status. Settles "why does it say 40 %?" like the meters.
 */
import { modelFrom, type Probe } from '../profiles/fingerprint.js';
import type { Profile } from '../profiles/types.js';
import type { Varbind } from '../snmp/types.js';
import { describeRaw, textOf } from './convert.js';
import { evaluate, type Readings } from './fields.js';
import { ALERT_COLUMNS, HR_DEVICE_STATUS, HR_PRINTER_ERRORS, HR_PRINTER_STATUS, SUPPLY_COLUMNS, SYS_DESCR } from './standard-oids.js';
import type { DeviceRecord, Provenance } from './types.js';

const STANDARD = 'printer-mib';

/** Where the model came from: the first of the profile's model sources that yields it. */
function modelProvenance(record: DeviceRecord, profile: Profile, r: Readings): Provenance | undefined {
  if (record.model === undefined) return undefined;
  const values = new Map<string, string>();
  for (const [oid, vb] of r.gets) {
    const text = textOf(vb, r.charset);
    if (text !== undefined) values.set(oid, text);
  }
  const probe: Probe = { sysDescr: record.sysDescr, sysObjectID: record.sysObjectID, printerMib: true, values };
  for (const source of profile.model) {
    if (modelFrom(source, probe) !== record.model) continue;
    if ('oid' in source) {
      const vb = r.gets.get(source.oid);
      return { profile: profile.id, oid: source.oid, raw: vb ? describeRaw(vb) : '', transform: `${source.type ?? 'DisplayString'}${source.pattern ? ` (pattern /${source.pattern}/)` : ''}` };
    }
    if ('sysDescr' in source) return { profile: profile.id, oid: SYS_DESCR, raw: JSON.stringify(record.sysDescr), transform: `pattern /${source.sysDescr}/` };
    return { profile: profile.id, oid: record.sysObjectID ?? '', raw: record.sysObjectID ?? '', transform: 'text encoded in sysObjectID' };
  }
  return { profile: profile.id, oid: '', raw: JSON.stringify(record.model), transform: 'read at discovery; no model source gives it now' };
}

const rowOf = (column: string, vb: Varbind) => vb.oid.slice(column.length + 1);

function supplyProvenance(record: DeviceRecord, profile: Profile, r: Readings): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  const levels = r.columns.get(SUPPLY_COLUMNS.level) ?? [];
  for (const supply of record.supplies) {
    const key = `supplies.${supply.index}`;
    const level = levels.find((vb) => rowOf(SUPPLY_COLUMNS.level, vb).split('.').pop() === String(supply.index));
    if (level) {
      const max = (r.columns.get(SUPPLY_COLUMNS.max) ?? []).find((vb) => rowOf(SUPPLY_COLUMNS.max, vb) === rowOf(SUPPLY_COLUMNS.level, level));
      out[key] = {
        profile: STANDARD,
        oid: `${level.oid} / ${max?.oid ?? `${SUPPLY_COLUMNS.max}.${rowOf(SUPPLY_COLUMNS.level, level)}`}`,
        raw: `${describeRaw(level)} / ${max ? describeRaw(max) : 'none'}`,
        transform: 'prtMarkerSuppliesLevel ÷ prtMarkerSuppliesMaxCapacity (negative levels are states)',
      };
      continue;
    }
    const declared = profile.supplies.find((d) => d.description === supply.description);
    const evaluated = declared && evaluate(declared.percent, r);
    if (evaluated) out[key] = { profile: profile.id, ...evaluated.provenance, transform: `${evaluated.provenance.transform}, declared supply "${declared.description}"` };
  }
  return out;
}

function statusProvenance(r: Readings): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  const first = (column: string) => r.columns.get(column)?.[0];
  const printer = first(HR_PRINTER_STATUS);
  const index = printer ? rowOf(HR_PRINTER_STATUS, printer) : '1';
  const at = (column: string) => (r.columns.get(column) ?? []).find((vb) => rowOf(column, vb) === index);
  const entries: [string, Varbind | undefined, string][] = [
    ['status.printer', printer, 'Enum (hrPrinterStatus)'],
    ['status.device', at(HR_DEVICE_STATUS), 'Enum (hrDeviceStatus)'],
    ['status.errors', at(HR_PRINTER_ERRORS), 'bits (hrPrinterDetectedErrorState)'],
  ];
  for (const [field, vb, transform] of entries) if (vb) out[field] = { profile: STANDARD, oid: vb.oid, raw: describeRaw(vb), transform };
  const alerts = r.columns.get(ALERT_COLUMNS.code) ?? [];
  out['status.alerts'] = { profile: STANDARD, oid: `${ALERT_COLUMNS.code}.*`, raw: `${alerts.length} rows`, transform: 'prtAlertTable: severity, group, code, description per row' };
  return out;
}

/** Provenance of the model, each supply and the status, beside the profile fields' own. */
export function recordProvenance(record: DeviceRecord, profile: Profile, r: Readings): Record<string, Provenance> {
  const model = modelProvenance(record, profile, r);
  return { ...(model ? { model } : {}), ...supplyProvenance(record, profile, r), ...statusProvenance(r) };
}

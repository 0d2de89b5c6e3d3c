/** A profile's field sources: what they need read, and the value each yields from what was read. */
import type { FieldSource, ResolvedField, Transform } from '../profiles/types.js';
import { textOf, convert, describeRaw, ConversionError, type FieldValue } from './convert.js';
import type { Varbind } from '../snmp/types.js';
import type { Provenance } from './types.js';

/** Everything one collect read from a device. */
export interface Readings {
  ip: string;
  gets: ReadonlyMap<string, Varbind>;
  columns: ReadonlyMap<string, readonly Varbind[]>;
  /** the device's character set for DisplayStrings (a decoder label), where known */
  charset?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export interface Needs {
  gets: Set<string>;
  columns: Set<string>;
}

export function emptyNeeds(): Needs {
  return { gets: new Set(), columns: new Set() };
}

/** The OIDs to GET and the columns to walk so that `source` can be evaluated. */
export function addNeeds(source: FieldSource, ip: string, needs: Needs): void {
  if ('oid' in source) needs.gets.add(source.oid);
  else if ('sum' in source) source.sum.forEach((part) => addNeeds(part, ip, needs));
  else if ('walk' in source) needs.columns.add(source.walk);
  else if ('lookup' in source) {
    needs.columns.add(source.lookup.keyColumn);
    needs.columns.add(source.lookup.valueColumn);
  } else if ('byAddress' in source) {
    if (IPV4.test(ip)) needs.gets.add(`${source.byAddress}.${ip}`);
    needs.columns.add(source.column);
  }
}

export interface Evaluated {
  value: FieldValue;
  provenance: Omit<Provenance, 'profile'>;
}

function transformName(t: Transform): string {
  const type = t.type ?? 'DisplayString';
  const extras = [t.key && `key ${t.key}`, t.code && `code ${t.code}`, t.divide && `÷${t.divide}`, t.pattern && `pattern /${t.pattern}/`].filter(Boolean);
  return extras.length > 0 ? `${type} (${extras.join(', ')})` : type;
}

function one(vb: Varbind | undefined, source: FieldSource, charset?: string): Evaluated | undefined {
  if (!vb) return undefined;
  const value = convert(vb, source, charset);
  return value === undefined ? undefined : { value, provenance: { oid: vb.oid, raw: describeRaw(vb), transform: transformName(source) } };
}

function rowIndex(vb: Varbind, column: string): string {
  return vb.oid.slice(column.length + 1);
}

/** The value of one source, or undefined when the device does not have it. Throws ConversionError on nonsense. */
export function evaluate(source: FieldSource, r: Readings, sysDescr?: string): Evaluated | undefined {
  if ('oid' in source) return one(r.gets.get(source.oid), source, r.charset);
  if ('sum' in source) {
    const parts = source.sum.map((part) => evaluate(part, r, sysDescr));
    if (parts.some((p) => p === undefined || typeof p.value !== 'number')) return undefined;
    return {
      value: parts.reduce((n, p) => n + (p!.value as number), 0),
      provenance: { oid: parts.map((p) => p!.provenance.oid).join(' + '), raw: parts.map((p) => p!.provenance.raw).join(' + '), transform: 'sum' },
    };
  }
  if ('walk' in source) {
    const rows = r.columns.get(source.walk) ?? [];
    if (source.pick === 'first') {
      for (const vb of rows) {
        const hit = one(vb, source, r.charset);
        if (hit) return hit;
      }
      return undefined;
    }
    const hits = rows.map((vb) => one(vb, source, r.charset)).filter((h): h is Evaluated => h !== undefined);
    if (hits.length === 0) return undefined;
    const value = source.pick === 'sum' ? hits.reduce((n, h) => n + Number(h.value), 0) : hits.map((h) => String(h.value)).join(' ');
    return { value, provenance: { oid: `${source.walk}.*`, raw: hits.map((h) => h.provenance.raw).join(', '), transform: `${source.pick} of ${transformName(source)}` } };
  }
  if ('lookup' in source) {
    const { keyColumn, valueColumn, equals } = source.lookup;
    const key = (r.columns.get(keyColumn) ?? []).find((vb) => (typeof equals === 'number' ? vb.value === equals : textOf(vb) === equals));
    if (!key) return undefined;
    const hit = one(
      (r.columns.get(valueColumn) ?? []).find((vb) => rowIndex(vb, valueColumn) === rowIndex(key, keyColumn)),
      source,
      r.charset,
    );
    return hit && { ...hit, provenance: { ...hit.provenance, transform: `${hit.provenance.transform}, row where ${keyColumn} = ${JSON.stringify(equals)}` } };
  }
  if ('byAddress' in source) {
    const index = r.gets.get(`${source.byAddress}.${r.ip}`);
    if (!index || typeof index.value !== 'number') return undefined;
    return one(r.columns.get(source.column)?.find((vb) => rowIndex(vb, source.column) === String(index.value)), source, r.charset);
  }
  if (sysDescr === undefined) return undefined;
  const m = new RegExp(source.sysDescr, 'i').exec(sysDescr);
  const value = m ? (m.groups?.value ?? m[0]).trim() : '';
  return value === '' ? undefined : { value, provenance: { oid: 'sysDescr', raw: JSON.stringify(sysDescr), transform: `pattern /${source.sysDescr}/` } };
}

export interface FieldResult {
  value?: FieldValue;
  provenance?: Provenance;
  /** which of the field's sources gave the value */
  sourceIndex?: number;
  /** the device sent values no source could make sense of */
  badValue?: string;
}

/** The first source that answers wins; a source whose value is nonsense is skipped and remembered. */
export function evaluateField(field: ResolvedField, r: Readings, sysDescr?: string): FieldResult {
  let badValue: string | undefined;
  for (const [sourceIndex, { source, profile }] of field.sources.entries()) {
    try {
      const hit = evaluate(source, r, sysDescr);
      if (hit) return { value: hit.value, provenance: { profile, ...hit.provenance }, sourceIndex };
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      badValue ??= e.message;
    }
  }
  return { badValue };
}

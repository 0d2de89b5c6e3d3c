/** prtMarkerSuppliesTable rows → supplies; special levels stay states, never fake numbers. */
import type { DeclaredSupply, SupplyType } from '../profiles/types.js';
import { textOf } from './convert.js';
import { evaluate, type Readings } from './fields.js';
import { COLORANT_VALUE, SUPPLY_COLUMNS } from './standard-oids.js';
import type { Supply, SupplyState } from './types.js';
import type { Varbind } from '../snmp/types.js';

/** prtMarkerSuppliesType (RFC 3805) → our supply types. */
const TYPE_BY_CODE: Record<number, SupplyType> = {
  3: 'toner',
  4: 'waste',
  5: 'ink',
  6: 'ink',
  7: 'ribbon',
  8: 'waste',
  9: 'drum',
  10: 'developer',
  11: 'fuser',
  13: 'ribbon',
  14: 'waste',
  15: 'fuser',
  17: 'fuser',
  18: 'maintenance',
  19: 'fuser',
  20: 'transfer',
  21: 'toner',
  22: 'fuser',
  24: 'waste',
  26: 'waste',
  29: 'staples',
  32: 'staples',
};

/** For rows typed other/unknown, the description says what it is; order matters (waste toner is waste). */
const TYPE_BY_DESCRIPTION: [RegExp, SupplyType][] = [
  [/waste|collect(ion|or)/i, 'waste'],
  [/drum|opc|photo ?conductor|imaging unit|image unit/i, 'drum'],
  [/developer/i, 'developer'],
  [/fuser|fixing/i, 'fuser'],
  [/belt/i, 'belt'],
  [/transfer/i, 'transfer'],
  [/staple/i, 'staples'],
  [/ribbon/i, 'ribbon'],
  [/toner|cartridge|\bcart\b/i, 'toner'],
  [/\bink\b/i, 'ink'],
  [/maint|kit|roller|clean/i, 'maintenance'],
];

const UNITS: Record<number, string> = {
  3: 'tenThousandthsOfInches',
  4: 'micrometers',
  7: 'impressions',
  8: 'sheets',
  11: 'hours',
  12: 'thousandthsOfOunces',
  13: 'tenthsOfGrams',
  14: 'hundrethsOfFluidOunces',
  15: 'tenthsOfMilliliters',
  16: 'feet',
  17: 'meters',
  18: 'items',
  19: 'percent',
};

const COLORS = ['matte black', 'photo black', 'light cyan', 'light magenta', 'light black', 'light gray', 'black', 'cyan', 'magenta', 'yellow', 'red', 'green', 'blue', 'gray', 'grey', 'white', 'clear'];
const LOW_PERCENT = 10;

export function colorFromText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  const hit = COLORS.find((c) => new RegExp(`\\b${c}\\b`).test(lower));
  if (hit) return hit === 'grey' ? 'gray' : hit;
  const letter = /\((K|C|M|Y)\)|\b(BK|K|C|M|Y)\s*(toner|ink|drum)/i.exec(text);
  const code = (letter?.[1] ?? letter?.[2])?.toUpperCase();
  return code ? { K: 'black', BK: 'black', C: 'cyan', M: 'magenta', Y: 'yellow' }[code] : undefined;
}

export function supplyType(code: number | undefined, description: string | undefined): SupplyType {
  const byCode = code === undefined ? undefined : TYPE_BY_CODE[code];
  if (byCode && byCode !== 'toner') return byCode;
  const byText = TYPE_BY_DESCRIPTION.find(([re]) => description && re.test(description))?.[1];
  return byText ?? byCode ?? 'other';
}

/**
 * Level and capacity → percent and state (RFC 3805: −1 other, −2 unknown, −3 some remaining).
 * A percent needs both a level and a capacity: a level alone, even in percent units, says
 * nothing about how full the supply is against a capacity the device does not state, so
 * `ok` and `low` are never claimed without both. A level of 0 is empty whatever the capacity.
 */
export function supplyLevel(level: number | undefined, max: number | undefined): Pick<Supply, 'level' | 'max' | 'percent' | 'state'> {
  const cap = max !== undefined && max > 0 ? max : null;
  if (level === undefined || level === -2) return { level: null, max: cap, percent: null, state: 'unknown' };
  if (level === -3) return { level: null, max: cap, percent: null, state: 'someRemaining' };
  if (level < 0) return { level: null, max: cap, percent: null, state: 'other' };
  if (level === 0) return { level, max: cap, percent: cap === null ? null : 0, state: 'empty' };
  if (cap === null) return { level, max: null, percent: null, state: max === -1 ? 'other' : 'unknown' };
  const percent = Math.min(100, Math.round((level / cap) * 1000) / 10);
  return { level, max: cap, percent, state: stateOf(percent, level) };
}

function stateOf(percent: number, level: number): SupplyState {
  if (level === 0 || percent === 0) return 'empty';
  return percent <= LOW_PERCENT ? 'low' : 'ok';
}

function byIndex(rows: readonly Varbind[] | undefined, column: string): Map<string, Varbind> {
  return new Map((rows ?? []).map((vb) => [vb.oid.slice(column.length + 1), vb]));
}

function num(vb: Varbind | undefined): number | undefined {
  return vb && typeof vb.value === 'number' ? vb.value : undefined;
}

/** Every row of the standard supplies table, with its colour from the colorant table. */
export function standardSupplies(r: Readings): Supply[] {
  const col = Object.fromEntries(Object.entries(SUPPLY_COLUMNS).map(([k, oid]) => [k, byIndex(r.columns.get(oid), oid)])) as Record<keyof typeof SUPPLY_COLUMNS, Map<string, Varbind>>;
  const colorants = byIndex(r.columns.get(COLORANT_VALUE), COLORANT_VALUE);
  const indexes = new Set([...col.level.keys(), ...col.description.keys(), ...col.type.keys()]);
  return [...indexes].map((index) => {
    const description = col.description.get(index) && textOf(col.description.get(index)!, r.charset);
    const device = index.split('.')[0];
    const colorantIndex = num(col.colorantIndex.get(index));
    const colorant = colorantIndex ? colorants.get(`${device}.${colorantIndex}`) : undefined;
    const colorantText = colorant && textOf(colorant, r.charset);
    const unit = num(col.unit.get(index));
    return {
      index: Number(index.split('.').pop()),
      description,
      type: supplyType(num(col.type.get(index)), description),
      color: (colorantText && colorantText.toLowerCase() !== 'unknown' ? colorantText.toLowerCase() : undefined) ?? colorFromText(description),
      ...supplyLevel(num(col.level.get(index)), num(col.max.get(index))),
      unit: unit === undefined ? undefined : UNITS[unit],
    };
  });
}

/** Supplies a vendor profile declares, for devices without the standard table. */
export function declaredSupplies(declared: readonly DeclaredSupply[], r: Readings, model = ''): Supply[] {
  const out: Supply[] = [];
  for (const [position, d] of declared.entries()) {
    if (d.models !== undefined && !new RegExp(d.models, 'i').test(model)) continue;
    const percent = evaluate(d.percent, r)?.value;
    if (typeof percent !== 'number') continue;
    const pages = d.remainingPages ? evaluate(d.remainingPages, r)?.value : undefined;
    const clamped = Math.max(0, Math.min(100, percent));
    out.push({
      // the place in the profile: a supply keeps its index when others are absent
      index: position + 1,
      description: d.description,
      type: d.type,
      color: d.color,
      level: clamped,
      max: 100,
      unit: 'percent',
      percent: clamped,
      state: stateOf(clamped, clamped),
      remainingPages: typeof pages === 'number' ? pages : undefined,
    });
  }
  return out;
}

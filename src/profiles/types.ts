export type Kind = 'printer' | 'mfp' | 'scanner' | 'fax' | 'label' | 'other';

export type TextSource =
  | { oid: string; type?: 'DisplayString' | 'DeviceId'; pattern?: string }
  | { sysDescr: string }
  | { sysObjectIDText: string };

export type ValueType =
  | 'DisplayString'
  | 'PhysAddress'
  | 'Counter'
  | 'Gauge'
  | 'Integer'
  | 'Enum'
  | 'TimeTicks'
  | 'OID'
  | 'DateAndTime'
  | 'TextCounter'
  | 'HexCounter'
  | 'DeviceId'
  | 'BrotherRecord';

/** How a raw value becomes a field value. */
export interface Transform {
  type?: ValueType;
  pattern?: string;
  map?: Record<string, string>;
  key?: string;
  code?: string;
  divide?: number;
}

export type FieldSource = Transform &
  (
    | { oid: string }
    | { sum: FieldSource[] }
    | { walk: string; pick: 'first' | 'join' | 'sum' }
    | { lookup: { keyColumn: string; valueColumn: string; equals: string | number } }
    | { byAddress: string; column: string }
    | { sysDescr: string }
  );

export interface FieldSpec {
  read: 'collect' | 'discover';
  sources: FieldSource[];
}

export type SupplyType = 'toner' | 'ink' | 'drum' | 'developer' | 'waste' | 'fuser' | 'transfer' | 'belt' | 'staples' | 'maintenance' | 'ribbon' | 'labels' | 'other';

export interface DeclaredSupply {
  description: string;
  type: SupplyType;
  color?: string;
  /** applies only to models matching this pattern */
  models?: string;
  percent: FieldSource;
  remainingPages?: FieldSource;
}

/** A field's sources after `extends`: each remembers the profile that declared it. */
export interface ResolvedField {
  read: 'collect' | 'discover';
  sources: { source: FieldSource; profile: string }[];
}

/** A profile file as written (after schema validation). */
export interface ProfileSource {
  file: string;
  id: string;
  description?: string;
  extends?: string;
  vendor?: string;
  brand?: string;
  family?: string;
  /** the character set the maker's devices send text in, where they do not say (an IANA/WHATWG label) */
  charset?: string;
  /** how the maker's name shows in free text: a print server's sysDescr, a device ID's MFG */
  makerNames?: string;
  /** the sysObjectID is a print server's: the maker is the attached printer's, found by makerNames */
  printServer?: boolean;
  imaging?: boolean;
  kind?: Kind;
  priority?: number;
  match?: { sysObjectID?: string; sysDescr?: string }[];
  brands?: { name: string; pattern: string }[];
  kindRules?: { kind: Kind; pattern: string }[];
  model?: TextSource[];
  fields?: Record<string, FieldSpec>;
  supplies?: DeclaredSupply[];
}

/** A profile with `extends` resolved and patterns compiled. */
export interface Profile {
  id: string;
  file: string;
  vendor?: string;
  brand?: string;
  family?: string;
  charset?: string;
  makerNames?: RegExp;
  printServer: boolean;
  imaging: boolean;
  kind: Kind;
  priority: number;
  match: { sysObjectID?: string; sysDescr?: RegExp }[];
  brands: { name: string; regex: RegExp }[];
  kindRules: { kind: Kind; regex: RegExp }[];
  model: TextSource[];
  fields: Record<string, ResolvedField>;
  supplies: DeclaredSupply[];
  /** this profile's id, then its parents' */
  lineage: string[];
}

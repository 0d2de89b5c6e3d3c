export type Kind = 'printer' | 'mfp' | 'scanner' | 'fax' | 'label' | 'other';

export type TextSource =
  | { oid: string; type?: 'DisplayString' | 'DeviceId'; pattern?: string }
  | { sysDescr: string }
  | { sysObjectIDText: string };

/** A profile file as written (after schema validation). */
export interface ProfileSource {
  file: string;
  id: string;
  description?: string;
  extends?: string;
  vendor?: string;
  brand?: string;
  family?: string;
  imaging?: boolean;
  kind?: Kind;
  priority?: number;
  match?: { sysObjectID?: string; sysDescr?: string }[];
  brands?: { name: string; pattern: string }[];
  kindRules?: { kind: Kind; pattern: string }[];
  model?: TextSource[];
}

/** A profile with `extends` resolved and patterns compiled. */
export interface Profile {
  id: string;
  file: string;
  vendor?: string;
  brand?: string;
  family?: string;
  imaging: boolean;
  kind: Kind;
  priority: number;
  match: { sysObjectID?: string; sysDescr?: RegExp }[];
  brands: { name: string; regex: RegExp }[];
  kindRules: { kind: Kind; regex: RegExp }[];
  model: TextSource[];
  /** this profile's id, then its parents' */
  lineage: string[];
}

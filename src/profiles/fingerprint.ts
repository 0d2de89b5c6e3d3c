/**
 * Fingerprinting: a pure function of what a device answered and the loaded profiles.
 * Longest sysObjectID prefix first, then sysDescr patterns, then priority, then the
 * generic Printer-MIB profile.
 */
import type { Kind, Profile, TextSource } from './types.js';

export const GENERIC_PROFILE_ID = 'printer-mib';
export const HR_DEVICE_PRINTER = '1.3.6.1.2.1.25.3.1.5';

export interface Probe {
  sysDescr?: string;
  sysObjectID?: string;
  /** hrDeviceType of the first device row */
  hrDeviceType?: string;
  hrDeviceDescr?: string;
  /** true when anything answers under the Printer-MIB (1.3.6.1.2.1.43) */
  printerMib: boolean;
  /** text values read for model sources, by OID */
  values: ReadonlyMap<string, string>;
}

export interface Identification {
  profile?: Profile;
  imaging: boolean;
  kind: Kind;
  vendor?: string;
  brand?: string;
  model?: string;
}

function oidHasPrefix(oid: string, prefix: string): boolean {
  return oid === prefix || oid.startsWith(prefix + '.');
}

interface Score {
  oidLength: number;
  descr: number;
  priority: number;
}

function better(a: Score, b: Score): boolean {
  return a.oidLength !== b.oidLength ? a.oidLength > b.oidLength : a.descr !== b.descr ? a.descr > b.descr : a.priority > b.priority;
}

function score(profile: Profile, sysObjectID: string, sysDescr: string): Score | undefined {
  let best: Score | undefined;
  for (const alt of profile.match) {
    if (alt.sysObjectID !== undefined && !oidHasPrefix(sysObjectID, alt.sysObjectID)) continue;
    if (alt.sysDescr !== undefined && !alt.sysDescr.test(sysDescr)) continue;
    const s = {
      oidLength: alt.sysObjectID ? alt.sysObjectID.split('.').length : 0,
      descr: alt.sysDescr ? 1 : 0,
      priority: profile.priority,
    };
    if (!best || better(s, best)) best = s;
  }
  return best;
}

/** The most specific profile whose match rules accept this sysObjectID and sysDescr. */
export function matchProfile(profiles: readonly Profile[], sysObjectID = '', sysDescr = ''): Profile | undefined {
  let winner: { profile: Profile; score: Score } | undefined;
  for (const profile of profiles) {
    const s = score(profile, sysObjectID, sysDescr);
    if (s && (!winner || better(s, winner.score))) winner = { profile, score: s };
  }
  return winner?.profile;
}

/** Fields of an IEEE-1284 device ID (`MFG:…;MDL:…;`). */
export function parseDeviceId(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const at = part.indexOf(':');
    if (at > 0) out[part.slice(0, at).trim().toUpperCase()] = part.slice(at + 1).trim();
  }
  return out;
}

/** ASCII carried in OID arcs after a prefix: a length arc, then that many characters. */
export function textFromOid(oid: string, prefix: string): string | undefined {
  if (!oid.startsWith(prefix + '.')) return undefined;
  const arcs = oid.slice(prefix.length + 1).split('.').map(Number);
  const n = arcs[0];
  if (!(n > 0) || arcs.length < n + 1) return undefined;
  const chars = arcs.slice(1, n + 1);
  if (chars.some((c) => c < 32 || c > 126)) return undefined;
  return String.fromCharCode(...chars);
}

function pick(text: string | undefined, pattern?: RegExp): string | undefined {
  if (text === undefined) return undefined;
  if (!pattern) return clean(text);
  const m = pattern.exec(text);
  return m ? clean(m.groups?.model ?? m[0]) : undefined;
}

function clean(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

export function modelFrom(source: TextSource, probe: Probe): string | undefined {
  if ('sysDescr' in source) return pick(probe.sysDescr, new RegExp(source.sysDescr, 'i'));
  if ('sysObjectIDText' in source) return probe.sysObjectID ? textFromOid(probe.sysObjectID, source.sysObjectIDText) : undefined;
  const text = probe.values.get(source.oid);
  const value = source.type === 'DeviceId' && text !== undefined ? (parseDeviceId(text).MDL ?? parseDeviceId(text).MODEL) : text;
  return pick(value, source.pattern ? new RegExp(source.pattern, 'i') : undefined);
}

/** OIDs a profile's model sources need read (stage 2 asks for them). */
export function modelOids(profile: Profile | undefined): string[] {
  return (profile?.model ?? []).flatMap((s) => ('oid' in s ? [s.oid] : []));
}

interface Maker {
  /** the imaging profile whose makerNames the text shows */
  profile?: Profile;
  /** the device ID's own MFG, for a maker no profile knows */
  mfg?: string;
}

/**
 * The maker of the printer behind a print server, or of a device no profile matched: the
 * first imaging profile whose makerNames appear in the device ID's MFG, hrDeviceDescr, the
 * model or sysDescr, in that order (the most specific text first). A device ID's MFG that no
 * profile knows is the answer itself: the texts after it may name the print server's maker.
 */
function makerOf(profiles: readonly Profile[], probe: Probe, source: Profile, model: string | undefined): Maker {
  const ids = source.model.flatMap((s) => ('oid' in s && s.type === 'DeviceId' && probe.values.has(s.oid) ? [parseDeviceId(probe.values.get(s.oid)!)] : []));
  const mfg = ids.map((f) => clean(f.MFG ?? f.MANUFACTURER ?? '')).find((m) => m !== undefined);
  const texts = mfg ? [mfg] : [probe.hrDeviceDescr, model, probe.sysDescr].filter((t): t is string => !!t);
  const makers = profiles.filter((p) => p.imaging && !p.printServer && p.makerNames);
  for (const text of texts) {
    const hit = makers.find((p) => p.makerNames!.test(text));
    if (hit) return { profile: hit };
  }
  return { mfg };
}

export function identify(profiles: readonly Profile[], probe: Probe): Identification {
  const matched = matchProfile(profiles, probe.sysObjectID, probe.sysDescr);
  const hrPrinter = probe.hrDeviceType === HR_DEVICE_PRINTER;
  const imaging = matched ? matched.imaging || probe.printerMib : probe.printerMib || hrPrinter;
  if (!imaging) return { profile: matched, imaging: false, kind: 'other', vendor: matched?.vendor };
  const profile = matched?.imaging ? matched : profiles.find((p) => p.id === GENERIC_PROFILE_ID);
  let model: string | undefined;
  for (const source of profile?.model ?? []) {
    model = modelFrom(source, probe);
    if (model) break;
  }
  // A print server's own maker, or the generic profile, says nothing of who made the printer.
  const maker = profile && (profile.printServer || profile.id === GENERIC_PROFILE_ID) ? makerOf(profiles, probe, profile, model) : {};
  const named = maker.profile ?? profile;
  const text = [model, probe.sysDescr, probe.hrDeviceDescr].filter(Boolean).join(' ');
  const kind = named?.kindRules.find((r) => r.regex.test(text))?.kind ?? named?.kind ?? 'printer';
  const brand = named?.brand ?? named?.brands.find((b) => b.regex.test(probe.sysDescr ?? '') || b.regex.test(model ?? '') || b.regex.test(probe.hrDeviceDescr ?? ''))?.name;
  return {
    profile,
    imaging: true,
    kind,
    vendor: maker.profile ? named?.vendor : (maker.mfg ?? named?.vendor),
    brand: brand !== named?.vendor ? brand : undefined,
    model,
  };
}

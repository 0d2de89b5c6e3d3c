import { basename, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { jsonSchema2020Validator } from '../json-schema.js';
import { PrintscanError } from '../errors.js';
import { listFolder, PACKAGE_DATA, packagePath, readPackageOrDiskFile } from '../package-files.js';
import { digestOf, validatedAtBuild } from './build-stamp.js';
import type { Kind, Profile, ProfileSource, ResolvedField, TextSource } from './types.js';

export const BUNDLED_MIBS_DIR = packagePath('mibs');
export const PROFILE_SCHEMA_FILE = packagePath(PACKAGE_DATA.profileSchema);

export class ProfileError extends PrintscanError {
  constructor(file: string, path: string, why: string) {
    super('badProfile', `${file}: ${path || '/'} ${why}`, 'see mibs/profile.schema.json for the format');
  }
}

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (!validator) {
    // Unoptimised code compiles in half the time; profiles are few and small, so validating them costs nothing either way.
    const ajv = jsonSchema2020Validator({ allErrors: false, strict: true, strictRequired: false, code: { optimize: false } });
    ajv.addFormat('regex', (text: string) => {
      try {
        new RegExp(text);
        return true;
      } catch {
        return false;
      }
    });
    validator = ajv.compile(JSON.parse(readPackageOrDiskFile(PROFILE_SCHEMA_FILE)));
  }
  return validator;
}

function describe(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') return `has unknown key "${(err.params as { additionalProperty: string }).additionalProperty}"`;
  if (err.keyword === 'enum') return `${err.message}: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return err.message ?? 'is invalid';
}

/** Parses and validates one profile file against the published schema (`validated`: it was, at build). */
export function parseProfile(text: string, file: string, validated = false): ProfileSource {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(file, '', `is not valid JSON: ${(e as Error).message}`);
  }
  const validate = validated ? undefined : schemaValidator();
  if (validate && !validate(data)) {
    const err = validate.errors![0];
    throw new ProfileError(file, err.instancePath, describe(err));
  }
  return { ...(data as Omit<ProfileSource, 'file'>), file };
}

export function profileFiles(dir: string): string[] {
  let names: string[];
  try {
    names = listFolder(dir);
  } catch (e) {
    throw new PrintscanError('badProfile', `cannot read profile directory "${dir}": ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  return names.filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json')).sort().map((n) => join(dir, n));
}

export function bundledProfileFiles(): string[] {
  return profileFiles(BUNDLED_MIBS_DIR);
}

/**
 * Loads the bundled profiles, then each user directory in turn; a user's profile with the
 * id of a bundled one replaces it. `trustBuild: false` validates the bundled ones again even
 * where the build recorded them as valid.
 */
export function loadProfiles(userDirs: readonly string[] = [], options: { trustBuild?: boolean } = {}): Profile[] {
  return resolveProfiles(loadSources(userDirs, options).values());
}

/** The profile sources `--mibs` would load, by id, before `extends` is resolved. */
export function loadSources(userDirs: readonly string[] = [], options: { trustBuild?: boolean } = {}): Map<string, ProfileSource> {
  const sources = new Map<string, ProfileSource>();
  const checked = options.trustBuild === false ? new Set<string>() : validatedAtBuild(readPackageOrDiskFile(PROFILE_SCHEMA_FILE));
  for (const dir of [BUNDLED_MIBS_DIR, ...userDirs]) {
    const bundled = dir === BUNDLED_MIBS_DIR;
    for (const file of profileFiles(dir)) {
      const text = readPackageOrDiskFile(file);
      const source = parseProfile(text, bundled ? `mibs/${basename(file)}` : file, bundled && checked.has(digestOf(text)));
      sources.set(source.id, source);
    }
  }
  return sources;
}

/** Profiles with their `extends` chains resolved; a later source with an earlier one's id replaces it. */
export function resolveProfiles(sources: Iterable<ProfileSource>): Profile[] {
  const byId = new Map<string, ProfileSource>();
  for (const source of sources) byId.set(source.id, source);
  return [...byId.values()].map((s) => resolveProfile(s, byId));
}

/** One profile with its `extends` chain resolved against `all`; throws a ProfileError naming its file. */
export function resolveProfile(source: ProfileSource, all: Map<string, ProfileSource>, chain: string[] = []): Profile {
  if (chain.includes(source.id)) {
    throw new ProfileError(source.file, '/extends', `forms a cycle: ${[...chain, source.id].join(' -> ')}`);
  }
  const parent = source.extends === undefined ? undefined : all.get(source.extends);
  if (source.extends !== undefined && !parent) {
    throw new ProfileError(source.file, '/extends', `names ${JSON.stringify(source.extends)}, which no loaded profile has as id`);
  }
  const base = parent ? resolveProfile(parent, all, [...chain, source.id]) : undefined;
  const regexes = <T extends { pattern: string }>(items: T[] | undefined) => (items ?? []).map((i) => ({ ...i, regex: new RegExp(i.pattern, 'i') }));
  const model: TextSource[] = [...(source.model ?? []), ...(base?.model ?? [])];
  return {
    id: source.id,
    file: source.file,
    vendor: source.vendor ?? base?.vendor,
    brand: source.brand ?? base?.brand,
    family: source.family ?? base?.family,
    charset: source.charset ?? base?.charset,
    // not inherited: a badge profile (dell-lexmark) must not claim its engine maker's name
    makerNames: source.makerNames === undefined ? undefined : new RegExp(source.makerNames, 'i'),
    printServer: source.printServer ?? base?.printServer ?? false,
    imaging: source.imaging ?? base?.imaging ?? true,
    kind: (source.kind ?? base?.kind ?? 'printer') as Kind,
    priority: source.priority ?? 0,
    match: (source.match ?? []).map((m) => ({
      sysObjectID: m.sysObjectID,
      sysDescr: m.sysDescr === undefined ? undefined : new RegExp(m.sysDescr, 'i'),
    })),
    brands: source.brands ? regexes(source.brands) : (base?.brands ?? []),
    kindRules: [...regexes(source.kindRules), ...(base?.kindRules ?? [])],
    model,
    fields: mergeFields(source, base?.fields ?? {}),
    supplies: source.supplies ?? base?.supplies ?? [],
    lineage: [source.id, ...(base?.lineage ?? [])],
  };
}

/** A profile's own sources come first; the parent's stay behind them as fallbacks. */
function mergeFields(source: ProfileSource, inherited: Record<string, ResolvedField>): Record<string, ResolvedField> {
  const out = { ...inherited };
  for (const [name, spec] of Object.entries(source.fields ?? {})) {
    out[name] = {
      read: spec.read,
      sources: [...spec.sources.map((s) => ({ source: s, profile: source.id })), ...(inherited[name]?.sources ?? [])],
    };
  }
  return out;
}

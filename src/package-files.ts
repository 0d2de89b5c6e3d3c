import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_FILES } from './package-files-embedded.js';

/**
 * Where the package's own files are: profiles and their schema (mibs/), the report schema,
 * the demo fleet, the build stamp and package.json. In a checkout and an installed package
 * they sit on disk under the package root (`npm run build` copies the ones kept in src/ to
 * dist/, so nothing at run time reads src/). In the single executable they are built into
 * it and appear under the executable's own path, as if it were a folder: a path that can
 * never name a real file, so a user's file is never mistaken for one of them.
 */
export const PACKAGE_ROOT = EMBEDDED_FILES ? process.execPath : fileURLToPath(new URL('../', import.meta.url));

/** The package's data files, relative to its root: `npm run build` copies the report schema and the demo fleet from src/ and writes the stamp. */
export const PACKAGE_DATA = {
  profileSchema: 'mibs/profile.schema.json',
  reportSchema: 'dist/report/report.schema.json',
  demoFleet: 'dist/sim/demo-fleet',
  buildStamp: 'dist/profiles/bundled-profiles.validated.json',
} as const;

/** The path of a package file (relative to the package root, `/`-separated). */
export function packagePath(file: string): string {
  return join(PACKAGE_ROOT, ...file.split('/'));
}

/** The package-relative key of a path inside the executable, or undefined for any other path. */
function embeddedKey(path: string): string | undefined {
  if (!EMBEDDED_FILES) return undefined;
  const rel = relative(PACKAGE_ROOT, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/** Reads a text file: a package file wherever it is, or any file on disk. Throws ENOENT like readFileSync. */
export function readPackageOrDiskFile(path: string): string {
  const key = embeddedKey(path);
  if (key === undefined) return readFileSync(path, 'utf8');
  const text = EMBEDDED_FILES![key];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file in the executable: ${key}`), { code: 'ENOENT' });
  return text;
}

/** The names in a folder: a package folder wherever it is, or any folder on disk. */
export function listFolder(path: string): string[] {
  const key = embeddedKey(path);
  if (key === undefined) return readdirSync(path);
  const names = Object.keys(EMBEDDED_FILES!)
    .filter((k) => k.startsWith(`${key}/`) && !k.slice(key.length + 1).includes('/'))
    .map((k) => k.slice(key.length + 1));
  if (names.length === 0) throw Object.assign(new Error(`ENOENT: no such folder in the executable: ${key}`), { code: 'ENOENT' });
  return names;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readPackageOrDiskFile(packagePath('package.json'))) as { version: string }).version;
}

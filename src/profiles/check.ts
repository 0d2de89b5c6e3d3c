import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { PrintscanError } from '../errors.js';
import { readTextFile } from '../fs/read-text-file.js';
import { loadSources, parseProfile, profileFiles, resolveProfile } from './load.js';
import type { ProfileSource } from './types.js';

/** What `profiles check` found for one file: a profile that loads as `--mibs` would load it, a file skipped, or why not. */
export type ProfileCheck =
  | { file: string; result: 'ok'; id: string; extends?: string }
  | { file: string; result: 'skipped'; why: string }
  | { file: string; result: 'failed'; message: string };

/** A directory stands for the profile files `--mibs DIR` would read from it. */
function expand(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // a missing path is reported as that file's failure below
    }
    return isDir ? profileFiles(path) : [path];
  });
}

function parseFile(file: string): ProfileSource {
  return parseProfile(readTextFile(file, 'profile', { code: 'badProfile' }), file);
}

/**
 * Checks every file, never stopping at the first bad one: the schema first, then `extends`
 * resolved against the bundled profiles and the other files given, as `--mibs` would load them.
 */
export function checkProfileFiles(paths: readonly string[]): ProfileCheck[] {
  const read = expand(paths).map((file): ProfileCheck | ProfileSource => {
    if (basename(file).endsWith('.schema.json')) return { file, result: 'skipped', why: 'a JSON Schema, not a profile' };
    try {
      return parseFile(file);
    } catch (e) {
      return failed(file, e);
    }
  });
  const isCheck = (r: ProfileCheck | ProfileSource): r is ProfileCheck => 'result' in r;
  const all = loadSources();
  for (const r of read) if (!isCheck(r)) all.set(r.id, r);
  return read.map((r): ProfileCheck => {
    if (isCheck(r)) return r;
    try {
      const profile = resolveProfile(r, all);
      return { file: r.file, result: 'ok', id: profile.id, extends: profile.lineage[1] };
    } catch (e) {
      return failed(r.file, e);
    }
  });
}

function failed(file: string, e: unknown): ProfileCheck {
  const hint = e instanceof PrintscanError && e.hint ? ` (${e.hint})` : '';
  return { file, result: 'failed', message: `${(e as Error).message}${hint}` };
}

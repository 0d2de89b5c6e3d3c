import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { createFileOnce } from '../fs/create-once.js';
import { readJsonFile } from './json-file.js';

export const TOKENS_FILE = 'tokens.json';
export const DEFAULT_COLLECTOR = 'default';

/** A collector and the SHA-256 of its token: the plain token is not kept once loaded. */
export interface TokenEntry {
  collector: string;
  digest: Buffer;
}

/** Collector names become directory names under reports/, so they are kept to a safe alphabet. */
const COLLECTOR = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;
const MIN_TOKEN_LENGTH = 16;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Validates a tokens document; each error names the file and the entry. */
export function parseTokens(data: unknown, source: string): TokenEntry[] {
  if (!Array.isArray(data) || data.length === 0) throw new UsageError(`${source}: expected a non-empty JSON array of { "collector", "token" | "sha256" }`);
  const entries = data.map((entry: unknown, i): TokenEntry => {
    const where = `${source}: entry ${i}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new UsageError(`${where} is not an object`);
    const { collector, token, sha256: hex, ...rest } = entry as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) throw new UsageError(`${where} has unknown key "${unknown}"`);
    if (typeof collector !== 'string' || !COLLECTOR.test(collector)) {
      throw new UsageError(`${where}: "collector" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    }
    if ((token === undefined) === (hex === undefined)) throw new UsageError(`${where} (${collector}) needs exactly one of "token" or "sha256"`);
    if (token !== undefined) {
      if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH) throw new UsageError(`${where} (${collector}): "token" must be a string of at least ${MIN_TOKEN_LENGTH} characters`);
      return { collector, digest: sha256(token) };
    }
    if (typeof hex !== 'string' || !SHA256_HEX.test(hex)) throw new UsageError(`${where} (${collector}): "sha256" must be 64 hex digits`);
    return { collector, digest: Buffer.from(hex, 'hex') };
  });
  const seen = new Map<string, number>();
  for (const [i, e] of entries.entries()) {
    const first = seen.get(e.digest.toString('hex'));
    if (first !== undefined) throw new UsageError(`${source}: entries ${first} and ${i} have the same token`);
    seen.set(e.digest.toString('hex'), i);
  }
  return entries;
}

export async function readTokensFile(path: string): Promise<TokenEntry[]> {
  return parseTokens(await readJsonFile(path, 'tokens file'), path);
}

/** The tokens file in `dataDir`, made on first start with one random token for the "default" collector. */
export async function dataDirTokens(dataDir: string): Promise<{ path: string; created: boolean }> {
  const path = join(dataDir, TOKENS_FILE);
  const doc = [{ collector: DEFAULT_COLLECTOR, token: randomBytes(32).toString('base64url') }];
  return { path, created: await createFileOnce(path, JSON.stringify(doc, null, 2) + '\n') };
}

/**
 * The collector a bearer token belongs to. Both sides are hashed to a fixed length and every entry
 * is compared, so the time taken says nothing about how much of a guess was right.
 */
export function collectorForToken(authorization: string | undefined, tokens: readonly TokenEntry[]): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const presented = sha256(match[1]);
  let found: string | undefined;
  for (const entry of tokens) {
    if (timingSafeEqual(presented, entry.digest) && found === undefined) found = entry.collector;
  }
  return found;
}

import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { recipientOf } from '../report/seal.js';
import { createFileOnce } from '../fs/create-once.js';
import { readTextFile } from '../fs/read-text-file.js';

export const IDENTITY_FILE = 'identity.txt';

/** Only X25519: the hybrid post-quantum kind cannot be read by the age 1.1 that Debian ships. */
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

export interface NewIdentity {
  identity: string;
  recipient: string;
  /** the file text, in age-keygen's format */
  text: string;
}

export async function newIdentity(now = new Date()): Promise<NewIdentity> {
  const identity = await (await import('age-encryption')).generateX25519Identity();
  const recipient = await recipientOf(identity);
  // age-keygen writes RFC 3339 to the second; matching it keeps the files interchangeable.
  const created = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { identity, recipient, text: `# created: ${created}\n# public key: ${recipient}\n${identity}\n` };
}

/** Reads an age identity file: `#` comments and blank lines are skipped, exactly one X25519 key must remain. */
export function parseIdentityFile(text: string, source: string): string {
  const keys = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (keys.length !== 1) throw new UsageError(`${source} holds ${keys.length} identities; the receiver needs exactly one`);
  if (!X25519_IDENTITY.test(keys[0])) {
    throw new UsageError(`${source} does not hold an age X25519 identity (AGE-SECRET-KEY-1…)`, '`printscan receive keygen` or `age-keygen` make one');
  }
  return keys[0];
}

export async function readIdentityFile(path: string): Promise<string> {
  return parseIdentityFile(readTextFile(path, 'identity file'), path);
}

/** Writes a new identity file; refuses to replace one, since that would orphan every report sealed to it. */
export async function writeNewIdentity(path: string): Promise<NewIdentity> {
  // A typo in the folder would otherwise leave the key somewhere nobody looks for it.
  const folder = dirname(resolve(path));
  const isFolder = await stat(folder).then((s) => s.isDirectory(), () => false);
  if (!isFolder) throw new UsageError(`folder "${folder}" does not exist; not creating it for "${path}"`, `create it first (mkdir -p "${folder}")`);
  const made = await newIdentity();
  if (!(await createFileOnce(path, made.text))) throw new UsageError(`"${path}" already exists; not replacing an identity`);
  return made;
}

/** The identity in `dataDir`, made on first start. */
export async function dataDirIdentity(dataDir: string): Promise<{ path: string; identity: string; created: boolean }> {
  const path = join(dataDir, IDENTITY_FILE);
  const created = await createFileOnce(path, (await newIdentity()).text);
  return { path, identity: await readIdentityFile(path), created };
}

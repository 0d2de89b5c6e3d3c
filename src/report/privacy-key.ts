import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileOnce } from '../fs/create-once.js';
import { PrintscanError } from '../errors.js';

export const PRIVACY_KEY_FILE = 'privacy.key';
const KEY_TEXT = /^[0-9a-f]{64}$/;

/**
 * The collector's masking secret: made once per state directory (mode 0600) and never sent,
 * so a masked value is the same in every report of this collector and nobody else can
 * recompute it from a guessed address or name.
 */
export async function privacyKey(stateDir: string): Promise<Buffer> {
  const path = join(stateDir, PRIVACY_KEY_FILE);
  await createFileOnce(path, `${randomBytes(32).toString('hex')}\n`);
  const text = (await readFile(path, 'utf8')).trim();
  if (!KEY_TEXT.test(text)) {
    throw new PrintscanError('badState', `${path} is not a printscan privacy key (64 hex digits)`, 'restore it from a backup; a new key makes every masked value new');
  }
  // a copy restored with a loose mode is tightened rather than refused
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return Buffer.from(text, 'hex');
}

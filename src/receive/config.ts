import { readFile, stat } from 'node:fs/promises';
import { PrintscanError, UsageError } from '../errors.js';
import { parseServerConfig } from '../upload/server-config.js';

/** The `/v1/config` document as written, validated exactly as a collector will validate it. */
export async function readServedConfig(path: string): Promise<object> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config "${path}": ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PrintscanError('badConfig', `${path}: not JSON: ${(e as Error).message}`);
  }
  parseServerConfig(data, path);
  return data as object;
}

/**
 * Serves the config file, re-read when its modification time or size changes. An edit that does
 * not validate is reported through `onError` and the last good document stays in service, so a
 * typo on the server never hands collectors a broken configuration.
 */
export async function watchedConfig(path: string, onError: (message: string) => void): Promise<() => Promise<object>> {
  const stamp = async () => {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}`;
  };
  let seen = await stamp();
  let current = await readServedConfig(path);
  return async () => {
    const now = await stamp().catch(() => seen);
    if (now === seen) return current;
    seen = now;
    try {
      current = await readServedConfig(path);
    } catch (e) {
      onError((e as Error).message);
    }
    return current;
  };
}

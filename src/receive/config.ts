import { readFile } from 'node:fs/promises';
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

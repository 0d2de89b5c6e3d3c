import { parseServerConfig } from '../upload/server-config.js';
import { readJsonFile } from './json-file.js';

/** The `/v1/config` document as written, validated exactly as a collector will validate it. */
export async function readServedConfig(path: string): Promise<object> {
  const data = await readJsonFile(path, '--config');
  parseServerConfig(data, path);
  return data as object;
}

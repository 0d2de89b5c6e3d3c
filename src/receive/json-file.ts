import { UsageError } from '../errors.js';
import { readTextFile } from '../fs/read-text-file.js';

/** A JSON file the receiver is given; `label` names it in the error as the user knows it (`--config`, `tokens file`). */
export async function readJsonFile(path: string, label: string): Promise<unknown> {
  const text = readTextFile(path, label);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not JSON: ${(e as Error).message}`);
  }
}

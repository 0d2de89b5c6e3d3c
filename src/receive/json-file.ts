import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** A JSON file the receiver is given; `label` names it in the error as the user knows it (`--config`, `tokens file`). */
export async function readJsonFile(path: string, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${label} "${path}": ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not JSON: ${(e as Error).message}`);
  }
}

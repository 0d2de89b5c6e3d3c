import { PrintscanError } from '../errors.js';
import { readTextFile } from '../fs/read-text-file.js';

/** The inventory and the meter history share one file shape: a schema version and a list of devices. */
export interface DevicesFile<T> {
  schemaVersion: number;
  devices: T[];
}

interface Kind {
  /** how an error names the file: `the inventory` */
  what: string;
  code: 'inventory' | 'history';
  /** the version this printscan writes and reads */
  schemaVersion: number;
  /** what moving a corrupt file aside leads to */
  startsOver: string;
}

/** The devices of such a file; none yet is an empty list, and an unreadable, corrupt or unknown file an error naming it. */
export function readDevicesFile<T>(path: string, kind: Kind): T[] {
  const text = readTextFile(path, kind.what, { code: kind.code, missingOk: true });
  if (text === undefined) return [];
  let data: DevicesFile<T> | null;
  try {
    data = JSON.parse(text) as DevicesFile<T> | null;
  } catch {
    throw new PrintscanError(kind.code, `${kind.what} "${path}" is not valid JSON`, `move it aside; ${kind.startsOver}`);
  }
  if (data?.schemaVersion !== kind.schemaVersion || !Array.isArray(data.devices)) {
    throw new PrintscanError(kind.code, `${kind.what} "${path}" has an unknown format (schemaVersion ${data?.schemaVersion})`);
  }
  return data.devices;
}

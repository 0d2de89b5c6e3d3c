import { stat } from 'node:fs/promises';

/**
 * A file read again when its modification time or size changes. An edit that does not parse is
 * reported through `onError` and the last good content stays in service: a typo on the server
 * never locks collectors out or hands them a broken document.
 */
export async function watchedFile<T>(path: string, read: (path: string) => Promise<T>, onError: (message: string) => void): Promise<() => Promise<T>> {
  const stamp = async () => {
    const s = await stat(path);
    return `${s.mtimeMs}:${s.size}`;
  };
  // read's own error (a missing file named as the user gave it) beats stat's
  let seen = await stamp().catch(() => '');
  let current = await read(path);
  return async () => {
    const now = await stamp().catch(() => seen);
    if (now === seen) return current;
    seen = now;
    try {
      current = await read(path);
    } catch (e) {
      onError((e as Error).message);
    }
    return current;
  };
}

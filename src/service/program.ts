import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True inside a Node single executable; false on a Node that has no `node:sea` (before 20.12). */
async function isSingleExecutable(): Promise<boolean> {
  try {
    const sea = await import('node:sea');
    return sea.isSea();
  } catch {
    return false;
  }
}

/**
 * What a scheduler must start to run this same printscan: the single executable alone, or
 * this node with this package's bin/printscan.js (absolute, so the recipe works from anywhere).
 */
export async function thisProgram(): Promise<string[]> {
  if (await isSingleExecutable()) return [process.execPath];
  // In a one-file CommonJS bundle import.meta.url is not a URL: the script node was given is then the one to start.
  const script = typeof import.meta.url === 'string' ? fileURLToPath(new URL('../../bin/printscan.js', import.meta.url)) : resolve(process.argv[1]);
  return [process.execPath, script];
}

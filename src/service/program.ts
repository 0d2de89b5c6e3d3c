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
  return [process.execPath, fileURLToPath(new URL('../../bin/printscan.js', import.meta.url))];
}

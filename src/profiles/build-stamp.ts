import { createHash } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { PACKAGE_DATA, packagePath, readPackageOrDiskFile } from '../package-files.js';

/**
 * The bundled profiles are validated when the package is built, by the same validator and
 * schema as at load; this file records their digests. At load, a bundled profile whose text
 * still has a recorded digest, under a schema that still has its recorded digest, needs no
 * second check. Anything else (a user's profile, an edited file, another schema) is validated.
 */
export const BUILD_STAMP_FILE = packagePath(PACKAGE_DATA.buildStamp);

interface BuildStamp {
  schema: string;
  profiles: string[];
}

export function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function validatedAtBuild(schemaText: string, stampFile = BUILD_STAMP_FILE): ReadonlySet<string> {
  try {
    const stamp = JSON.parse(readPackageOrDiskFile(stampFile)) as BuildStamp;
    return stamp.schema === digestOf(schemaText) && Array.isArray(stamp.profiles) ? new Set(stamp.profiles) : new Set();
  } catch {
    return new Set();
  }
}

export async function writeBuildStamp(schemaText: string, profileTexts: readonly string[], stampFile = BUILD_STAMP_FILE): Promise<void> {
  const stamp: BuildStamp = { schema: digestOf(schemaText), profiles: profileTexts.map(digestOf).sort() };
  await writeFileAtomic(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  // read by every user who runs the installed package, not only the one who built it
  await chmod(stampFile, 0o644);
}

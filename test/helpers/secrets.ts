/** Every byte a run left on disk, for tests that look for secrets where none may be. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Text of every file under `dir` (gzip members unpacked too), except the inputs named in `skip`, which hold the secrets by design. */
export function bytesUnder(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!skip.includes(name)) out.push(textOf(readFileSync(path)));
    }
  };
  walk(dir);
  return out;
}

function textOf(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return bytes.toString('latin1') + '\n' + gunzipSync(bytes).toString('latin1');
    } catch {
      // a torn gzip member is still searched as it is
    }
  }
  return bytes.toString('latin1');
}

/** The secrets among `secrets` that occur in any of `texts`. */
export function leaked(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => texts.some((t) => t.includes(s)));
}

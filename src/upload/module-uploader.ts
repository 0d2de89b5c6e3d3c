import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { isSea } from 'node:sea';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import type { Uploader } from './uploader.js';

/**
 * Loads `--uploader ./my-uploader.js`: an ES module exporting `upload(report, context)`
 * (and optionally `name`, `maxPerPush`, `close`), the same contract as the built-in uploaders.
 */
export async function moduleUploader(spec: string): Promise<Uploader> {
  const path = resolve(spec);
  let mod: Partial<Uploader> & { default?: Partial<Uploader> };
  try {
    // The single executable cannot import() a file from disk; require() loads ES modules too (Node >= 20.19).
    mod = (isSea() ? createRequire(path)(path) : await import(pathToFileURL(path).href)) as typeof mod;
  } catch (e) {
    throw new UsageError(`cannot load uploader module "${spec}": ${(e as Error).message.split('\n')[0]}`, 'give a path to an ES module (.js or .mjs) that exports upload(report, context)');
  }
  const impl = typeof mod.upload === 'function' ? mod : mod.default;
  if (!impl || typeof impl.upload !== 'function') {
    throw new UsageError(`uploader module "${spec}" exports no upload(report, context) function`, 'see "Writing an uploader" in the README');
  }
  const upload = impl.upload.bind(impl);
  return {
    name: typeof impl.name === 'string' ? impl.name : spec,
    maxPerPush: typeof impl.maxPerPush === 'number' ? impl.maxPerPush : undefined,
    async upload(report, context) {
      const result = (await upload(report, context)) as { detail?: unknown } | undefined;
      return { detail: typeof result?.detail === 'string' ? result.detail : `accepted by ${spec}` };
    },
    close: typeof impl.close === 'function' ? impl.close.bind(impl) : undefined,
  };
}

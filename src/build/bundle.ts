/**
 * Bundles the CLI into one CommonJS file for the single executable, with the package's own
 * files (profiles, schemas, demo fleet, build stamp, version) built in: the bundler replaces
 * src/package-files-embedded.ts with a module that holds them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { PACKAGE_DATA, packagePath } from '../package-files.js';

/** Every package file that runs needs, by path relative to the package root. */
export function embeddedFiles(): Record<string, string> {
  const folder = (dir: string) => readdirSync(packagePath(dir)).sort().map((name) => `${dir}/${name}`);
  const files: Record<string, string> = {};
  for (const file of [...folder('mibs'), PACKAGE_DATA.reportSchema, PACKAGE_DATA.buildStamp, ...folder(PACKAGE_DATA.demoFleet)]) {
    files[file] = readFileSync(packagePath(file), 'utf8');
  }
  const { name, version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { name: string; version: string };
  files['package.json'] = JSON.stringify({ name, version });
  return files;
}

function embedPackageFiles(files: Record<string, string>): Plugin {
  return {
    name: 'embed-package-files',
    setup(b) {
      b.onResolve({ filter: /[/\\]package-files-embedded\.js$/ }, (args) => ({ path: args.path, namespace: 'printscan-embedded' }));
      b.onLoad({ filter: /.*/, namespace: 'printscan-embedded' }, () => ({
        contents: `export const EMBEDDED_FILES = ${JSON.stringify(files)};`,
        loader: 'js',
      }));
    },
  };
}

/** Writes the bundle to `outfile`; returns how many package files it holds. */
export async function bundleExecutable(outfile: string): Promise<number> {
  const files = embeddedFiles();
  await build({
    entryPoints: [packagePath('src/build/executable-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    plugins: [embedPackageFiles(files)],
    // import.meta is empty in CommonJS; the modules that use it take another path there (package-files, json-schema)
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
  });
  return Object.keys(files).length;
}

/** src/cli is flags and rendering: one output module writes and sets the exit code, and command files do not import each other. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const source = files(CLI).map((path) => ({ name: relative(CLI, path), text: readFileSync(path, 'utf8') }));

/** The modules main.ts loads as commands. */
const COMMANDS = [...readFileSync(join(CLI, 'main.ts'), 'utf8').matchAll(/import\('\.\/([\w-]+)\.js'\)/g)].map((m) => `${m[1]}.ts`);

describe('the CLI layer', () => {
  it('knows its command files', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['scan.ts', 'collect.ts', 'push.ts', 'run.ts', 'service.ts', 'doctor.ts']));
  });

  it('writes stdout and stderr and sets the exit code only in output.ts', () => {
    const writers = source.filter((f) => f.name !== 'output.ts' && /process\.(stdout|stderr|exitCode)\b|console\./.test(f.text)).map((f) => f.name);
    expect(writers).toEqual([]);
  });

  it('has no command file importing another', () => {
    const crossings = source
      .filter((f) => COMMANDS.includes(f.name))
      .flatMap((f) => [...f.text.matchAll(/from '\.\/([\w-]+)\.js'/g)].map((m) => `${m[1]}.ts`).filter((to) => COMMANDS.includes(to)).map((to) => `${f.name} imports ${to}`));
    expect(crossings).toEqual([]);
  });
});

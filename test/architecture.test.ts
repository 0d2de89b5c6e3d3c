import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, top first (DESIGN.md, "Layout"). A unit is a folder of src/ or a file at
 * its top level; a unit may import only units of a LOWER row, never one of its own row (siblings
 * stay independent) and never one above. A strict order also rules out every cycle.
 */
const LAYERS: string[][] = [
  ['build'],
  ['cli'],
  ['api'],
  ['pipeline'],
  ['doctor', 'receive', 'service', 'sim'],
  ['history', 'upload'],
  ['inventory'],
  ['report'],
  ['collect', 'discover'],
  ['identify'],
  ['profiles'],
  ['snmp'],
  ['targets'],
  ['fs', 'json-schema', 'record-fields', 'event-queue', 'clock', 'version'],
  ['errors', 'package-files'],
  ['secrets', 'package-files-embedded'],
];

/**
 * The event vocabulary: every layer emits or renders these events, so events.ts names types of
 * several layers. It may hold type imports only, which vanish at run time.
 */
const TYPES_HUB = 'events';

interface Edge {
  from: string;
  to: string;
  /** the importing file and the specifier as written */
  where: string;
}

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function unitOf(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first.replace(/\.[jt]s$/, '');
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(text: string): Import[] {
  return [...text.matchAll(IMPORT)].map((m) => ({ specifier: m[3] ?? m[4], typeOnly: m[2] !== undefined }));
}

function edgesOf(files: string[]): Edge[] {
  return files.flatMap((file) => {
    const from = unitOf(file);
    return importsOf(readFileSync(file, 'utf8'))
      .map(({ specifier }) => ({ from, to: unitOf(resolve(dirname(file), specifier)), where: `${relative(SRC, file)} imports '${specifier}'` }))
      .filter((e) => e.from !== e.to);
  });
}

function rankOf(layers: string[][]): Map<string, number> {
  return new Map(layers.flatMap((row, i) => row.map((unit) => [unit, layers.length - i] as const)));
}

/** The imports that run up the layers or sideways to a sibling, one line each. */
function violations(edges: Edge[], layers: string[][], hub: string): string[] {
  const rank = rankOf(layers);
  return edges
    .filter((e) => e.from !== hub && e.to !== hub)
    .filter((e) => !((rank.get(e.from) ?? 0) > (rank.get(e.to) ?? Infinity)))
    .map((e) => `${e.where}: ${e.from} may not import ${e.to}`);
}

/** Each cycle between units, as `a -> b -> a` (the hub's type imports aside). */
function cycles(edges: Edge[], hub: string): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) if (e.from !== hub && e.to !== hub) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const found = new Set<string>();
  const walk = (path: string[]) => {
    for (const to of next.get(path[path.length - 1]) ?? []) {
      const at = path.indexOf(to);
      if (at === 0) found.add([...path, to].join(' -> '));
      else if (at < 0 && to > path[0]) walk([...path, to]);
    }
  };
  for (const start of next.keys()) walk([start]);
  return [...found];
}

describe('architecture', () => {
  const files = sourceFiles(SRC);
  const edges = edgesOf(files);

  it('places every folder and top-level file of src/ in a layer', () => {
    const declared = new Set([...LAYERS.flat(), TYPES_HUB]);
    expect([...new Set(files.map(unitOf))].filter((u) => !declared.has(u))).toEqual([]);
  });

  it('has no import that runs up the layers or across to a sibling', () => {
    expect(violations(edges, LAYERS, TYPES_HUB)).toEqual([]);
  });

  it('has no cycle between folders', () => {
    expect(cycles(edges, TYPES_HUB)).toEqual([]);
  });

  it('keeps the event vocabulary free of run-time imports', () => {
    const hub = files.filter((f) => unitOf(f) === TYPES_HUB);
    const runtime = hub.flatMap((f) => importsOf(readFileSync(f, 'utf8')).filter((i) => !i.typeOnly).map((i) => i.specifier));
    expect(runtime).toEqual([]);
  });
});

describe('the layer check itself', () => {
  const layers = [['top'], ['a', 'b'], ['low']];
  const edge = (from: string, to: string): Edge => ({ from, to, where: `${from}/x.ts imports '../${to}/y.js'` });

  it.each([
    { name: 'down a layer', edges: [edge('top', 'a'), edge('a', 'low')], bad: [] },
    { name: 'up a layer', edges: [edge('low', 'a')], bad: ["low/x.ts imports '../a/y.js': low may not import a"] },
    { name: 'to a sibling', edges: [edge('a', 'b')], bad: ["a/x.ts imports '../b/y.js': a may not import b"] },
    { name: 'to an undeclared unit', edges: [edge('a', 'new')], bad: ["a/x.ts imports '../new/y.js': a may not import new"] },
    { name: 'to or from the hub', edges: [edge('low', 'hub'), edge('hub', 'top')], bad: [] },
  ])('$name', ({ edges, bad }) => {
    expect(violations(edges, layers, 'hub')).toEqual(bad);
  });

  it.each([
    { name: 'no cycle', edges: [edge('a', 'b'), edge('b', 'low')], found: [] },
    { name: 'two units', edges: [edge('a', 'b'), edge('b', 'a')], found: ['a -> b -> a'] },
    { name: 'three units', edges: [edge('b', 'low'), edge('low', 'a'), edge('a', 'b')], found: ['a -> b -> low -> a'] },
    { name: 'through the hub only', edges: [edge('a', 'hub'), edge('hub', 'a')], found: [] },
  ])('finds cycles: $name', ({ edges, found }) => {
    expect(cycles(edges, 'hub')).toEqual(found);
  });

  it.each([
    { text: "import { a } from './a.js';", found: [{ specifier: './a.js', typeOnly: false }] },
    { text: "import type { A } from '../b/a.js';", found: [{ specifier: '../b/a.js', typeOnly: true }] },
    { text: "export { a } from './a.js';", found: [{ specifier: './a.js', typeOnly: false }] },
    { text: "import {\n  a,\n  b,\n} from '../c.js';", found: [{ specifier: '../c.js', typeOnly: false }] },
    { text: "const m = await import('../d.js');", found: [{ specifier: '../d.js', typeOnly: false }] },
    { text: "import './side-effect.js';", found: [{ specifier: './side-effect.js', typeOnly: false }] },
    { text: "import pLimit from 'p-limit';", found: [] },
  ])('reads imports from $text', ({ text, found }) => {
    expect(importsOf(text)).toEqual(found);
  });
});

import fc from 'fast-check';
import { expect } from 'vitest';
import { PrintscanError } from '../../src/errors.js';

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

function withAt(doc: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove && Array.isArray(parent)) parent.splice(last as number, 1);
  else if (remove) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Values that tend to break parsers: wrong types, edge numbers, odd strings. */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 65536, '', ' ', '\u0000', '0', '-', '/', '::', '@', '1.3.6', 'x'.repeat(300), [], {}),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/**
 * Documents near a valid one: one to three nodes replaced by a nasty value, removed, or
 * given a new sibling key. Random JSON rarely gets past a schema's first check; these do.
 */
export function nearJson(valid: unknown): fc.Arbitrary<unknown> {
  const step = (doc: unknown) => {
    const paths = pathsOf(doc);
    return fc.tuple(fc.nat(paths.length - 1), nasty, fc.constantFrom('replace', 'remove', 'add'), fc.string({ maxLength: 12 })).map(([i, value, how, key]) => {
      const path = paths[i];
      const target = valueAt(doc, path);
      if (how === 'add' && target !== null && typeof target === 'object') return withAt(doc, [...path, Array.isArray(target) ? 0 : key], value, false);
      return withAt(doc, path, value, how === 'remove' && path.length > 0);
    });
  };
  return step(valid).chain((d1) => fc.oneof(fc.constant(d1), step(d1), step(d1).chain(step)));
}

function valueAt(doc: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], doc);
}

/** Runs `parse`: it must return (and `check` what it returned) or throw the project's one-line error, nothing else. */
export function parsesOrRefuses<T>(parse: () => T, check?: (value: T) => void): void {
  let value: T;
  try {
    value = parse();
  } catch (e) {
    if (!(e instanceof PrintscanError)) throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
    expect(e.message).not.toContain('\n');
    return;
  }
  check?.(value);
}

/** Byte-level damage a network or a hostile device can do to a valid message. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

export function mutate(buf: Buffer, m: Mutation): Buffer {
  const at = 'at' in m ? m.at % (buf.length + 1) : buf.length;
  switch (m.kind) {
    case 'flip': {
      const out = Buffer.from(buf);
      if (out.length > 0) out[at % out.length] = m.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
    case 'delete':
      return Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.count)]);
    case 'truncate':
      return buf.subarray(0, at);
    case 'append':
      return Buffer.concat([buf, m.bytes]);
  }
}

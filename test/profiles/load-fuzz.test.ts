import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledProfileFiles, parseProfile, resolveProfiles } from '../../src/profiles/load.js';
import type { ProfileSource } from '../../src/profiles/types.js';
import { nearJson, parsesOrRefuses } from '../helpers/fuzz.js';

const texts = bundledProfileFiles().map((f) => readFileSync(f, 'utf8'));
const bundled = texts.map((t, i) => parseProfile(t, `bundled-${i}.json`));
const KINDS = ['printer', 'mfp', 'scanner', 'fax', 'label', 'other'];

/** A user's profile: one of the bundled ones with a few nodes damaged, under its own id or a bundled one's. */
const userProfile = fc.constantFrom(...texts.map((t) => JSON.parse(t) as object)).chain((p) => nearJson(p));

describe('profile loading under fuzzing', () => {
  it('a damaged profile is refused with a one-line PrintscanError, or loads and resolves', () => {
    fc.assert(
      fc.property(userProfile, (doc) => {
        parsesOrRefuses(
          () => resolveProfiles([...bundled, parseProfile(JSON.stringify(doc), 'user.json')]),
          (profiles) => {
            for (const p of profiles) {
              expect(typeof p.id).toBe('string');
              expect(KINDS).toContain(p.kind);
              expect(p.lineage[0]).toBe(p.id);
            }
          },
        );
      }),
      { numRuns: 600 },
    );
  });

  it('text that is not a profile is refused with a one-line PrintscanError', () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(text, (t) => {
        parsesOrRefuses(() => resolveProfiles([...bundled, parseProfile(t, 'user.json')] as ProfileSource[]));
      }),
      { numRuns: 600 },
    );
  });
});

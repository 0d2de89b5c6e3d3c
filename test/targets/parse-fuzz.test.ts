import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTargets, type TargetEntry } from '../../src/targets/parse.js';
import { parseRanges } from '../../src/targets/ranges-file.js';
import { nearJson, parsesOrRefuses } from '../helpers/fuzz.js';

/** Pieces targets are made of, so generated text looks like (and often is) a target. */
const piece = fc.oneof(
  fc.constantFrom('192.0.2.', '10.', '0.', '255.', '256', '1', '0', '999', '.', ':', '::', '/', '-', '[', ']', ',', '@', ' ', 'ffff', 'fe80', 'x', '%', '1e3'),
  fc.integer({ min: 0, max: 70000 }).map(String),
  fc.string({ maxLength: 3 }),
);
const targetText = fc.array(piece, { maxLength: 10 }).map((p) => p.join(''));

function checkEntry(e: TargetEntry): void {
  if (e.family === 'name') expect(e.hostname).toMatch(/^[a-z0-9.-]+$/);
  else {
    expect(e.first <= e.last).toBe(true);
    if (e.family === 4) expect(e.last).toBeLessThanOrEqual(2 ** 32 - 1);
    else expect(e.last <= (1n << 128n) - 1n).toBe(true);
  }
  if (e.port !== undefined) expect(e.port >= 1 && e.port <= 65535).toBe(true);
}

const VALID_RANGES = [
  { targets: ['192.0.2.0/25', '192.0.2.200-210'], exclude: '192.0.2.1', port: 161, snmp: { version: '2c', communities: ['site-ro', 'public'] } },
  { targets: '192.0.2.128/26', snmp: { version: '3', user: { name: 'monitor', authProtocol: 'sha256', authKey: 'authkey123', privProtocol: 'aes', privKey: 'privkey123' } } },
];

describe('parsers of targets under fuzzing', () => {
  it('target text: a valid entry or a one-line PrintscanError', () => {
    fc.assert(
      fc.property(fc.array(targetText, { minLength: 1, maxLength: 3 }), (specs) => {
        // `@…` names a file: keep to names that cannot exist, so nothing on disk is read
        const safe = specs.map((s) => s.replace(/@/g, '@/nonexistent/'));
        parsesOrRefuses(() => parseTargets(safe), (entries) => entries.forEach(checkEntry));
      }),
      { numRuns: 4000 },
    );
  });

  it('ranges files: valid ranges (whose targets parse or are refused) or a one-line PrintscanError', () => {
    fc.assert(
      fc.property(nearJson(VALID_RANGES), (doc) => {
        parsesOrRefuses(
          () => parseRanges(doc, 'ranges.json'),
          (ranges) => {
            expect(ranges.length).toBeGreaterThan(0);
            for (const r of ranges) {
              expect(r.credentials.length).toBeGreaterThan(0);
              expect(r.targets.every((t) => typeof t === 'string')).toBe(true);
              parsesOrRefuses(() => parseTargets([...r.targets, ...(r.exclude ?? [])].map((t) => t.replace(/@/g, '@/nonexistent/'))));
            }
          },
        );
      }),
      { numRuns: 800 },
    );
  });
});

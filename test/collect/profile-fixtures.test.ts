/**
 * One recording per vendor profile (test/fixtures/collect/<profile-id>.snmprec) and the record
 * collect must make of it (<profile-id>.expected.json), field by field.
 *
 * Every key of the expected file must equal the record's value: `meters`, `status` and the
 * identity fields whole; `supplies` as an array, each supply compared on SUPPLY_FIELDS (a field
 * missing from the expected supply must be missing from the record's). `absent` lists keys the
 * record must not have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectRecording } from '../../src/collect/from-recording.js';
import type { DeviceRecord } from '../../src/collect/types.js';
import { loadProfiles } from '../../src/profiles/load.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/collect/', import.meta.url));
const SUPPLY_FIELDS = ['index', 'description', 'type', 'color', 'level', 'max', 'unit', 'percent', 'state', 'remainingPages'] as const;

const profiles = loadProfiles();
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.snmprec'))
  .map((f) => f.replace(/\.snmprec$/, ''))
  .sort();

function pick<T extends object>(from: T, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (from as Record<string, unknown>)[k]]));
}

describe('collect from a recording, one per vendor profile', () => {
  it('has a recording for every imaging profile: each maker, scanner and print server family', () => {
    const imaging = profiles.filter((p) => p.imaging).map((p) => p.id);
    expect(imaging.length).toBeGreaterThan(50);
    expect(imaging.filter((id) => !fixtures.includes(id))).toEqual([]);
  });

  it.each(fixtures)('%s', async (id) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${id}.expected.json`), 'utf8')) as Record<string, unknown> & {
      supplies?: Record<string, unknown>[];
      absent?: string[];
    };
    const record: DeviceRecord = await collectRecording(join(FIXTURES, `${id}.snmprec`), profiles);

    const { supplies, absent = [], ...fields } = expected;
    expect(pick(record, Object.keys(fields))).toEqual(fields);
    if (supplies) {
      expect(record.supplies.map((s) => pick(s, SUPPLY_FIELDS))).toEqual(supplies.map((s) => pick(s, SUPPLY_FIELDS)));
    }
    for (const key of absent) expect(record, `record.${key} should be absent`).not.toHaveProperty(key, expect.anything());
    expect(record.profile).toBe(id);
  });
});

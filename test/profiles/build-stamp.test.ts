import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digestOf, validatedAtBuild, writeBuildStamp } from '../../src/profiles/build-stamp.js';
import { bundledProfileFiles, loadProfiles, PROFILE_SCHEMA_FILE } from '../../src/profiles/load.js';

const schema = readFileSync(PROFILE_SCHEMA_FILE, 'utf8');
const texts = bundledProfileFiles().map((f) => readFileSync(f, 'utf8'));

describe('bundled profiles checked at build time', () => {
  it('a stamp trusts exactly the texts it recorded, under the schema it recorded', async () => {
    const stamp = join(mkdtempSync(join(tmpdir(), 'printscan-stamp-')), 'stamp.json');
    await writeBuildStamp(schema, texts, stamp);
    const trusted = validatedAtBuild(schema, stamp);
    expect(texts.every((t) => trusted.has(digestOf(t)))).toBe(true);
    expect(trusted.has(digestOf(texts[0] + ' '))).toBe(false);
    expect(validatedAtBuild(schema.replace('"type"', '"type" '), stamp).size).toBe(0);
    expect(validatedAtBuild(schema, join(tmpdir(), 'no-such-stamp.json')).size).toBe(0);
  });

  it('loading with the stamp gives the same profiles as validating everything again', () => {
    const summary = (trustBuild: boolean) => loadProfiles([], { trustBuild }).map((p) => JSON.stringify({ id: p.id, vendor: p.vendor, fields: p.fields, supplies: p.supplies }));
    expect(summary(true)).toEqual(summary(false));
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ndjson, runCli } from '../helpers/cli.js';

const FIXTURE = new URL('../fixtures/collect/printer-mib.snmprec', import.meta.url);

describe('collect --from-walk with lines it cannot read', () => {
  it('warns with the file and line of each, and collects the rest', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    lines.splice(3, 0, 'this line is not a recording');
    lines.splice(8, 0, '1.3.6.1.2.1.1.99.0|2|not-a-number');
    const path = join(mkdtempSync(join(tmpdir(), 'printscan-walk-')), 'damaged.snmprec');
    writeFileSync(path, lines.join('\n') + '\n');
    const r = await runCli(['collect', '--from-walk', path, '--ndjson']);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `printscan: warning: ${path}:4: expected OID|TAG|VALUE (line skipped)`,
      `printscan: warning: ${path}:9: "not-a-number" is not a whole number from -2147483648 to 2147483647 (line skipped)`,
    ]);
    const [record] = ndjson(r.stdout);
    expect(record).toMatchObject({ profile: 'printer-mib', serialNumber: 'PSX1000001', meters: { total: 27315 } });
  });

  it('refuses an empty recording, exit 2 and one line', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'printscan-walk-')), 'empty.snmprec');
    writeFileSync(path, '');
    const r = await runCli(['collect', '--from-walk', path, '--ndjson']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^printscan: error: recording "${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" has no readable line`));
  });
});

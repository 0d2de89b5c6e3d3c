import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { UsageError } from '../errors.js';
import { loadProfiles, parseProfile } from '../profiles/load.js';

interface ProfileFlags {
  mibs?: string[];
  json?: boolean;
}

export function profilesCommand(): Command {
  const cmd = new Command('profiles').description('list, show and check device profiles (bundled in mibs/, or your own with --mibs)');
  cmd
    .command('list')
    .description('every profile: id, vendor, what it extends, how many fields it reads')
    .option('--mibs <dir...>', 'your own profile directories')
    .option('--json', 'as JSON')
    .action((flags: ProfileFlags) => {
      const profiles = loadProfiles(flags.mibs ?? []).sort((a, b) => a.id.localeCompare(b.id));
      if (flags.json) {
        process.stdout.write(JSON.stringify(profiles.map((p) => ({ id: p.id, vendor: p.vendor, brand: p.brand, extends: p.lineage[1], file: p.file, fields: Object.keys(p.fields).length })), null, 2) + '\n');
        return;
      }
      const table = new Table({ head: ['Profile', 'Vendor', 'Extends', 'Fields', 'File'], style: { head: [], border: [] } });
      for (const p of profiles) table.push([p.id, p.brand ? `${p.brand} (${p.vendor})` : (p.vendor ?? ''), p.lineage[1] ?? '', Object.keys(p.fields).length, p.file]);
      process.stdout.write(table.toString() + '\n');
    });
  cmd
    .command('show')
    .argument('<id>', 'profile id')
    .description('one profile with extends resolved: every field and its sources in the order they are tried')
    .option('--mibs <dir...>', 'your own profile directories')
    .action((id: string, flags: ProfileFlags) => {
      const profile = loadProfiles(flags.mibs ?? []).find((p) => p.id === id);
      if (!profile) throw new UsageError(`no profile "${id}"`, 'printscan profiles list shows them');
      const { match, brands, kindRules, makerNames, ...rest } = profile;
      const shown = {
        ...rest,
        makerNames: makerNames?.source,
        match: match.map((m) => ({ sysObjectID: m.sysObjectID, sysDescr: m.sysDescr?.source })),
        brands: brands.map((b) => ({ name: b.name, pattern: b.regex.source })),
        kindRules: kindRules.map((k) => ({ kind: k.kind, pattern: k.regex.source })),
      };
      process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
    });
  cmd
    .command('check')
    .argument('<files...>', 'profile files to validate against mibs/profile.schema.json')
    .description('validate profile files; the first error names the file and the JSON path')
    .action((files: string[]) => {
      for (const file of files) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read "${file}": ${(e as NodeJS.ErrnoException).code ?? e}`);
        }
        const profile = parseProfile(text, file);
        process.stdout.write(`${file}: ok (profile ${profile.id})\n`);
      }
    });
  return cmd;
}

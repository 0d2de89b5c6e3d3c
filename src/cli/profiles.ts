import { Command } from 'commander';
import Table from 'cli-table3';
import { UsageError } from '../errors.js';
import { checkProfileFiles } from '../profiles/check.js';
import { loadProfiles } from '../profiles/load.js';
import { EXIT, exitWith, writeErr, writeOut } from './output.js';

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
        writeOut(JSON.stringify(profiles.map((p) => ({ id: p.id, vendor: p.vendor, brand: p.brand, extends: p.lineage[1], file: p.file, fields: Object.keys(p.fields).length })), null, 2) + '\n');
        return;
      }
      const table = new Table({ head: ['Profile', 'Vendor', 'Extends', 'Fields', 'File'], style: { head: [], border: [] } });
      for (const p of profiles) table.push([p.id, p.brand ? `${p.brand} (${p.vendor})` : (p.vendor ?? ''), p.lineage[1] ?? '', Object.keys(p.fields).length, p.file]);
      writeOut(table.toString() + '\n');
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
      writeOut(JSON.stringify(shown, null, 2) + '\n');
    });
  cmd
    .command('check')
    .argument('<files...>', 'profile files (or directories, as --mibs takes them) to check')
    .description('check profiles as --mibs would load them: the schema, then extends; every file, each error naming the file and the JSON path')
    .action((files: string[]) => {
      const checks = checkProfileFiles(files);
      for (const c of checks) {
        if (c.result === 'ok') writeOut(`${c.file}: ok (profile ${c.id}${c.extends ? `, extends ${c.extends}` : ''})\n`);
        if (c.result === 'skipped') writeErr(`printscan: ${c.file}: skipped (${c.why})\n`);
        if (c.result === 'failed') writeErr(`printscan: error: ${c.message}\n`);
      }
      if (checks.some((c) => c.result === 'failed')) exitWith(EXIT.usage);
    });
  return cmd;
}

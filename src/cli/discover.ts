import { Command } from 'commander';
import { discover } from '../discover/discover.js';
import type { DiscoveredDevice, DiscoverSummary, HostProblem } from '../discover/types.js';
import { Inventory } from '../inventory/store.js';
import { defaultStateDir, prepareStateDir } from '../inventory/state-dir.js';
import { loadProfiles } from '../profiles/load.js';
import { addScanOptions, rangesFrom, sweepSettings, type ScanFlags } from './scan-options.js';
import { plural } from './fit-table.js';
import { byAddress, csvHeader, csvRow, deviceTable } from './render.js';
import { startProgress } from './progress.js';
import { UsageError } from '../errors.js';
import { hostPort } from '../targets/target-set.js';

export interface OutputFlags {
  json?: boolean;
  ndjson?: boolean;
  csv?: boolean;
}

/** --json, --ndjson and --csv: `json` says what the document holds, `each` when a line is written. */
export function addOutputOptions(cmd: Command, json: string, each: 'found' | 'collected'): Command {
  return cmd
    .option('--json', `one JSON document: ${json}`)
    .option('--ndjson', `one JSON line per device, as each is ${each}`)
    .option('--csv', 'CSV with a header row');
}

export function outputFormat(f: OutputFlags): 'json' | 'ndjson' | 'csv' | 'table' {
  const chosen = (['json', 'ndjson', 'csv'] as const).filter((k) => f[k]);
  if (chosen.length > 1) throw new UsageError(`choose one output format, not --${chosen.join(' and --')}`);
  return chosen[0] ?? 'table';
}

export function summaryLine(s: DiscoverSummary): string {
  const line = `scanned ${plural(s.addresses, 'address', 'addresses')} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${s.responded.toLocaleString('en-US')} answered, ${plural(s.devices, 'imaging device')}, ${plural(s.nonImaging, 'other host')}, ${plural(s.problems, 'problem')}`;
  if (s.addresses === 0 || s.responded > 0) return line;
  // Silence from every address is most often a wrong community or version, not an empty network.
  return `${line}\nno address answered SNMP: check the community (--community) and version (--snmp-version), or the credentials in --ranges, and that UDP port 161 is not filtered`;
}

export interface DiscoverRun {
  devices: DiscoveredDevice[];
  problems: HostProblem[];
  summary?: DiscoverSummary;
}

/** Runs discover for the CLI: streams NDJSON/CSV as devices arrive, warnings to stderr. */
export async function runDiscover(targets: string[], flags: ScanFlags & OutputFlags): Promise<DiscoverRun> {
  if (flags.resolve || flags.dnsServer) throw new UsageError('--resolve names devices as they are collected', 'use printscan scan or printscan collect');
  const format = outputFormat(flags);
  const ranges = rangesFrom(targets, flags);
  const profiles = loadProfiles(flags.mibs ?? []);
  const stateDir = flags.state ?? defaultStateDir();
  await prepareStateDir(stateDir);
  const inventory = await Inventory.open(stateDir);
  const progress = await startProgress(!flags.quiet);
  const run: DiscoverRun = { devices: [], problems: [] };
  try {
    for await (const event of discover({ ranges, profiles, ...sweepSettings(flags) })) {
      switch (event.type) {
        case 'progress':
          progress.update(event);
          break;
        case 'device':
          run.devices.push(event.device);
          if (format === 'ndjson') process.stdout.write(JSON.stringify(event.device) + '\n');
          break;
        case 'problem':
          run.problems.push(event.problem);
          process.stderr.write(`printscan: warning: ${hostPort(event.problem.ip, event.problem.port)} ${event.problem.problem}: ${event.problem.detail}\n`);
          break;
        case 'summary':
          run.summary = event.summary;
          break;
      }
    }
  } finally {
    progress.stop();
  }
  run.devices.sort(byAddress);
  inventory.merge(run.devices.filter((d) => d.imaging));
  await inventory.save();
  // The same shape as scan and collect: other hosts apart, the summary under the phase it counts.
  const others = run.devices.filter((d) => !d.imaging);
  if (format === 'json') {
    process.stdout.write(JSON.stringify({ devices: run.devices.filter((d) => d.imaging), others, problems: run.problems, summary: { discover: run.summary } }, null, 2) + '\n');
  }
  // CSV rows in the table's order, other hosts included (the kind column tells them apart).
  if (format === 'csv') process.stdout.write([csvHeader(), ...run.devices.map(csvRow)].join('\n') + '\n');
  if (format === 'table') process.stdout.write(run.devices.length > 0 ? deviceTable(run.devices) + '\n' : '');
  if (!flags.quiet && run.summary) process.stderr.write(summaryLine(run.summary) + '\n');
  return run;
}

export function discoverCommand(): Command {
  const cmd = new Command('discover')
    .description('sweep addresses over SNMP and list the printers and MFPs that answer')
    .argument('[targets...]', 'addresses, ranges (a.b.c.d-e), CIDR blocks, hostnames, host:port, @file; commas allowed');
  addOutputOptions(cmd, '{devices, others, problems, summary: {discover}}', 'found');
  addScanOptions(cmd);
  return cmd.action(async (targets: string[], flags: ScanFlags & OutputFlags) => {
    const run = await runDiscover(targets, flags);
    if (run.problems.length > 0) process.exitCode = 1;
  });
}

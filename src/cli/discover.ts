import { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { DiscoveredDevice } from '../identify/types.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { runDiscover } from '../pipeline/discover.js';
import { addOutputOptions, outputFormat, type OutputFlags } from './options/output.js';
import { addScanOptions, rangesOfFlags, sweepSettings, type ScanFlags } from './options/scan.js';
import { EXIT, exitWith, problemLine, warn, writeErr, writeOut } from './output.js';
import { startProgress } from './progress.js';
import { byAddress, csvHeader, csvRow, deviceTable, discoverSummaryLine, lossWarning } from './render.js';

type DiscoverFlags = ScanFlags & OutputFlags;

/** The whole list at the end, in address order: JSON (others apart, as scan), CSV (others included) or a table. */
function showFound(devices: DiscoveredDevice[], run: Awaited<ReturnType<typeof runDiscover>>, format: ReturnType<typeof outputFormat>): void {
  const others = devices.filter((d) => !d.imaging);
  if (format === 'json') {
    writeOut(JSON.stringify({ devices: devices.filter((d) => d.imaging), others, problems: run.problems, summary: { discover: run.summary } }, null, 2) + '\n');
  }
  // CSV rows in the table's order, other hosts included (the kind column tells them apart).
  if (format === 'csv') writeOut([csvHeader(), ...devices.map(csvRow)].join('\n') + '\n');
  if (format === 'table' && devices.length > 0) writeOut(deviceTable(devices) + '\n');
}

export function discoverCommand(): Command {
  const cmd = new Command('discover')
    .description('sweep addresses over SNMP and list the printers and MFPs that answer')
    .argument('[targets...]', 'addresses, ranges (a.b.c.d-e), CIDR blocks, hostnames, host:port, @file; commas allowed');
  addOutputOptions(cmd, '{devices, others, problems, summary: {discover}}', 'found');
  addScanOptions(cmd);
  return cmd.action(async (targets: string[], flags: DiscoverFlags) => {
    if (flags.resolve || flags.dnsServer) throw new UsageError('--resolve names devices as they are collected', 'use printscan scan or printscan collect');
    const format = outputFormat(flags);
    const ranges = rangesOfFlags(targets, flags);
    const progress = await startProgress(!flags.quiet);
    let run;
    try {
      run = await runDiscover({
        ...sweepSettings(flags),
        ranges,
        mibs: flags.mibs,
        stateDir: flags.state ?? defaultStateDir(),
        emit: (event) => {
          if (event.type === 'progress') progress.update(event);
          else if (event.type === 'found' && format === 'ndjson') writeOut(JSON.stringify(event.device) + '\n');
          else if (event.type === 'problem') problemLine(event.problem);
        },
      });
    } finally {
      progress.stop();
    }
    showFound([...run.devices].sort(byAddress), run, format);
    const loss = run.summary && lossWarning(run.summary);
    if (loss) warn(loss);
    if (!flags.quiet && run.summary) writeErr(discoverSummaryLine(run.summary) + '\n');
    if (run.problems.length > 0) exitWith(EXIT.problems);
  });
}

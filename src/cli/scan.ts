import { Command } from 'commander';
import { scan } from '../collect/scan.js';
import type { DeviceRecord } from '../collect/types.js';
import type { CollectSummary } from '../collect/types.js';
import type { DiscoverSummary } from '../discover/types.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { loadProfiles } from '../profiles/load.js';
import type { Profile } from '../profiles/types.js';
import { outputFormat, summaryLine, type OutputFlags } from './discover.js';
import { startProgress } from './progress.js';
import { collectSummaryLine, RecordOutput } from './record-output.js';
import { addScanOptions, rangesFrom, type ScanFlags } from './scan-options.js';
import { saveCollected } from './save-collected.js';

export interface ScanCommandFlags extends ScanFlags, OutputFlags {
  explain?: boolean;
}

export async function runScan(targets: string[], flags: ScanCommandFlags): Promise<RecordOutput> {
  const format = outputFormat(flags);
  const ranges = rangesFrom(targets, flags);
  const profiles: Profile[] = loadProfiles(flags.mibs ?? []);
  const stateDir = flags.state ?? defaultStateDir();
  const output = new RecordOutput(format, flags.explain === true);
  const progress = startProgress(!flags.quiet);
  let discovered: DiscoverSummary | undefined;
  let collected: CollectSummary | undefined;
  const found: DeviceRecord[] = [];
  try {
    for await (const event of scan({
      ranges,
      profiles,
      port: flags.port,
      timeoutMs: flags.timeout,
      retries: flags.retries,
      concurrency: flags.concurrency,
      rate: flags.rate,
      all: flags.all,
      maxHosts: flags.maxHosts,
      explain: flags.explain,
    })) {
      if (event.type === 'progress') progress.update(event.done, event.total, event.found);
      else if (event.type === 'device') output.other(event.device);
      else if (event.type === 'record') {
        found.push(event.record);
        output.record(event.record);
      } else if (event.type === 'problem') output.problem(event.problem);
      else if (event.type === 'summary') discovered = event.summary;
      else collected = event.summary;
    }
  } finally {
    progress.stop();
  }
  await saveCollected(stateDir, found, output.problems, profiles, true);
  output.finish({ discover: discovered, collect: collected });
  if (!flags.quiet) {
    if (discovered) process.stderr.write(summaryLine(discovered) + '\n');
    if (collected) process.stderr.write(collectSummaryLine(collected) + '\n');
  }
  return output;
}

export function scanCommand(): Command {
  const cmd = new Command('scan')
    .description('discover, then collect identity, meters, supplies and status of every imaging device found')
    .argument('[targets...]', 'addresses, ranges (a.b.c.d-e), CIDR blocks, hostnames, host:port, @file; commas allowed')
    .option('--json', 'one JSON document: {devices, others, problems, summary}')
    .option('--ndjson', 'one JSON line per device, as each is collected')
    .option('--csv', 'CSV with a header row')
    .option('--explain', 'show for every field the OID, raw value, transform and profile it came from');
  addScanOptions(cmd);
  return cmd.action(async (targets: string[], flags: ScanCommandFlags) => {
    const output = await runScan(targets, flags);
    if (output.problems.length > 0) process.exitCode = 1;
  });
}

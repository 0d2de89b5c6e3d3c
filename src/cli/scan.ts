import { Command } from 'commander';
import { join } from 'node:path';
import { scan } from '../collect/scan.js';
import type { CollectSummary } from '../collect/types.js';
import type { DiscoveredDevice, DiscoverSummary } from '../discover/types.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { Inventory } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import { buildReport } from '../report/build.js';
import { collectorInfo } from '../report/collector.js';
import { SERVER_PROFILES_DIR } from '../upload/config-client.js';
import { PRINTSCAN_VERSION } from '../version.js';
import { addOutputOptions, outputFormat, summaryLine, type OutputFlags } from './discover.js';
import { startProgress } from './progress.js';
import { addPushOptions, preparePush, type PushFlags, type PushPlan } from './push-options.js';
import { sealIntoSpool, sendSpool } from './push-run.js';
import { collectSummaryLine, RecordOutput, type Format } from './record-output.js';
import { addScanOptions, rangesFrom, reverseLookupFrom, sweepSettings, type ScanFlags } from './scan-options.js';
import { saveCollected } from './save-collected.js';

export interface ScanCommandFlags extends ScanFlags, OutputFlags, PushFlags {
  explain?: boolean;
  push?: boolean;
}

/** Push settings are checked, and the server's configuration fetched, before the first packet. */
export async function planPush(flags: ScanCommandFlags, stateDir: string): Promise<PushPlan | undefined> {
  if (!flags.push && flags.server === undefined) return undefined;
  const plan = await preparePush(flags, stateDir, flags.push === true);
  for (const w of plan.warnings) process.stderr.write(`printscan: warning: ${w}\n`);
  return plan;
}

export function recordFormat(flags: ScanCommandFlags): Format {
  const format = outputFormat(flags);
  return flags.push && flags.uploader === 'stdout' ? 'none' : format;
}

export function profileDirs(flags: ScanCommandFlags, stateDir: string, plan: PushPlan | undefined): string[] {
  return [...(plan?.config ? [join(stateDir, SERVER_PROFILES_DIR)] : []), ...(flags.mibs ?? [])];
}

/** Seals and sends when asked; true when the user must look (failed upload, dropped reports). */
export async function pushIfAsked(plan: PushPlan | undefined, flags: ScanCommandFlags, report: Parameters<typeof sealIntoSpool>[0], stateDir: string): Promise<boolean> {
  if (!plan || !flags.push) return false;
  const dropped = await sealIntoSpool(report, plan, stateDir, flags.quiet === true);
  const { trouble } = await sendSpool(plan, stateDir, flags.quiet === true);
  return dropped || trouble;
}

export async function runScan(targets: string[], flags: ScanCommandFlags): Promise<{ output: RecordOutput; trouble: boolean }> {
  const stateDir = flags.state ?? defaultStateDir();
  const plan = await planPush(flags, stateDir);
  try {
    return await scanWithPlan(targets, flags, stateDir, plan);
  } finally {
    await plan?.close();
  }
}

/** Discover + collect + report, and the push when asked; the caller owns `plan`. */
export async function scanWithPlan(
  targets: string[],
  flags: ScanCommandFlags,
  stateDir: string,
  plan: PushPlan | undefined,
  format: Format = recordFormat(flags),
): Promise<{ output: RecordOutput; trouble: boolean }> {
  const ranges = rangesFrom(targets, flags, plan?.config?.config.ranges);
  const profiles = loadProfiles(profileDirs(flags, stateDir, plan));
  const resolve = reverseLookupFrom(flags);
  const output = new RecordOutput(format, flags.explain === true);
  const progress = await startProgress(!flags.quiet);
  const startedAt = new Date();
  let discovered: DiscoverSummary | undefined;
  let collected: CollectSummary | undefined;
  try {
    const inventory = await Inventory.open(stateDir);
    const previous = (device: DiscoveredDevice) => inventory.previousMeters(device);
    for await (const event of scan({ ranges, profiles, ...sweepSettings(flags), explain: flags.explain, resolve, previous })) {
      if (event.type === 'progress') progress.update(event);
      else if (event.type === 'device') output.other(event.device);
      else if (event.type === 'record') output.record(event.record, event.hints);
      else if (event.type === 'problem') output.problem(event.problem);
      else if (event.type === 'summary') discovered = event.summary;
      else collected = event.summary;
    }
  } finally {
    progress.stop();
  }
  const report = buildReport({
    collector: await collectorInfo(stateDir, PRINTSCAN_VERSION),
    startedAt,
    finishedAt: new Date(),
    devices: output.records,
    others: output.others,
    problems: output.problems,
    discover: discovered,
    collect: collected,
  });
  await saveCollected(stateDir, report, profiles, true, output.hints);
  output.finish({ discover: discovered, collect: collected });
  if (!flags.quiet) {
    if (discovered) process.stderr.write(summaryLine(discovered) + '\n');
    if (collected) process.stderr.write(collectSummaryLine(collected) + '\n');
  }
  return { output, trouble: await pushIfAsked(plan, flags, report, stateDir) };
}

/** What scan and collect both take: output format, --explain, --push, the scan and the push flags. */
export function addRecordOptions(cmd: Command, json: string): Command {
  addOutputOptions(cmd, json, 'collected')
    .option('--explain', 'for every field shown (model, meters, supplies, status…): the OID, raw value, transform and profile it came from; on stderr, or in each record with --json/--ndjson')
    .option('--push', 'seal the report and send it (see the push options); what cannot be sent waits in the spool');
  addScanOptions(cmd);
  return addPushOptions(cmd);
}

export function scanCommand(): Command {
  const cmd = new Command('scan')
    .description('discover, then collect identity, meters, supplies and status of every imaging device found')
    .argument('[targets...]', 'addresses, ranges (a.b.c.d-e), CIDR blocks, hostnames, host:port, @file; commas allowed');
  addRecordOptions(cmd, '{devices, others, problems, summary: {discover, collect}}');
  return cmd.action(async (targets: string[], flags: ScanCommandFlags) => {
    const { output, trouble } = await runScan(targets, flags);
    if (output.problems.length > 0 || trouble) process.exitCode = 1;
  });
}

import { Command } from 'commander';
import { join } from 'node:path';
import { scan } from '../pipeline/discover-and-collect.js';
import type { CollectSummary } from '../collect/types.js';
import type { DiscoverSummary } from '../discover/types.js';
import type { DiscoveredDevice } from '../identify/types.js';
import { defaultStateDir, prepareStateDir } from '../inventory/state-dir.js';
import { Inventory } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/types.js';
import { collectorInfo } from '../report/collector.js';
import { SERVER_PROFILES_DIR } from '../upload/config-client.js';
import { PRINTSCAN_VERSION } from '../version.js';
import { addOutputOptions, outputFormat, summaryLine, type OutputFlags } from './discover.js';
import { startProgress } from './progress.js';
import { addPushOptions, preparePush, type PushFlags, type PushPlan } from './push-options.js';
import { endInterrupted, interruption, untilAborted } from './interrupt.js';
import { sealAndSend } from './push-run.js';
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

/** What a scan or a collect made; `trouble`: something the user must look at (failed upload, dropped reports). */
export interface Collected {
  output: RecordOutput;
  report: Report;
  trouble: boolean;
}

/** Seals and sends when asked (only seals after a signal); true when the user must look. */
export async function pushIfAsked(plan: PushPlan | undefined, flags: ScanCommandFlags, stateDir: string): Promise<boolean> {
  if (!plan || !flags.push) return false;
  return (await sealAndSend(plan, stateDir, flags.quiet === true)).trouble;
}

/** Before a new report is made, the ones a killed run left are sealed (when the push can seal). */
export async function sealLeftBehind(plan: PushPlan | undefined, stateDir: string, quiet: boolean): Promise<boolean> {
  if (plan?.recipient === undefined) return false;
  return (await sealAndSend(plan, stateDir, quiet, false)).trouble;
}

/** How an interrupted scan or collect ends: what it kept, then exit soon. */
export function endCollected({ report }: Collected): void {
  const n = report.devices.length;
  endInterrupted(`what was collected is kept as report ${report.reportId} (${n} device${n === 1 ? '' : 's'}) for the next push`);
}

export async function runScan(targets: string[], flags: ScanCommandFlags): Promise<Collected> {
  const stateDir = flags.state ?? defaultStateDir();
  await prepareStateDir(stateDir);
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
): Promise<Collected> {
  const ranges = rangesFrom(targets, flags, plan?.config?.config.ranges);
  const profiles = loadProfiles(profileDirs(flags, stateDir, plan));
  const resolve = reverseLookupFrom(flags);
  let trouble = flags.push === true && (await sealLeftBehind(plan, stateDir, flags.quiet === true));
  const output = new RecordOutput(format, flags.explain === true);
  const progress = await startProgress(!flags.quiet);
  const startedAt = new Date();
  let discovered: DiscoverSummary | undefined;
  let collected: CollectSummary | undefined;
  try {
    const inventory = await Inventory.open(stateDir);
    const previous = (device: DiscoveredDevice) => inventory.previousMeters(device);
    for await (const event of untilAborted(scan({ ranges, profiles, ...sweepSettings(flags), explain: flags.explain, resolve, previous }), interruption())) {
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
  trouble = (await saveCollected(stateDir, report, plan?.spoolLimits, profiles, true, output.hints)) || trouble;
  output.finish({ discover: discovered, collect: collected });
  if (!flags.quiet) {
    if (discovered) process.stderr.write(summaryLine(discovered) + '\n');
    if (collected) process.stderr.write(collectSummaryLine(collected) + '\n');
  }
  trouble = (await pushIfAsked(plan, flags, stateDir)) || trouble;
  return { output, report, trouble };
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
    const collected = await runScan(targets, flags);
    if (collected.output.problems.length > 0 || collected.trouble) process.exitCode = 1;
    endCollected(collected);
  });
}

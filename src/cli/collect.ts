import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { collectRecording } from '../collect/from-recording.js';
import type { BadLine } from '../snmp/recording.js';
import { collect, type CollectTarget } from '../collect/collect-fleet.js';
import type { CollectSummary } from '../collect/types.js';
import { UsageError } from '../errors.js';
import { defaultStateDir, prepareStateDir } from '../inventory/state-dir.js';
import { discoveredPart, Inventory } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import { readRangesFile } from '../targets/ranges-file.js';
import type { Credential, ScanRange } from '../targets/scan-range.js';
import { buildReport } from '../report/build.js';
import { collectorInfo } from '../report/collector.js';
import { PRINTSCAN_VERSION } from '../version.js';
import { interruption, untilAborted } from './interrupt.js';
import { outputFormat } from './discover.js';
import { collectSummaryLine, RecordOutput, type Format } from './record-output.js';
import type { PushPlan } from './push-options.js';
import { saveCollected } from './save-collected.js';
import { credentialsFromFlags, reverseLookupFrom } from './scan-options.js';
import { addRecordOptions, endCollected, planPush, profileDirs, pushIfAsked, recordFormat, sealLeftBehind, type Collected, type ScanCommandFlags } from './scan.js';
import { hostPort } from '../targets/target-set.js';

export interface CollectFlags extends ScanCommandFlags {
  device?: string[];
  fromWalk?: string[];
}

/**
 * The flags' credentials, then every credential of a ranges file and the server's; the version
 * discover saw first. A device found over SNMPv3 is asked over SNMPv3 only: falling back to a
 * community would send it in clear text to a device that was reached with keys.
 */
function credentialsFor(flags: CollectFlags, version: string, fromServer: ScanRange[]): Credential[] {
  const all = [
    ...credentialsFromFlags(flags),
    ...(flags.ranges ? readRangesFile(flags.ranges).flatMap((r) => r.credentials) : []),
    ...fromServer.flatMap((r) => r.credentials),
  ];
  const same = all.filter((c) => c.version === version);
  return version === '3' ? same : [...same, ...all.filter((c) => c.version !== version)];
}

/** Refuses, before anything is sent, to collect a device with no credential of the kind it was found with. */
function refuseDowngrade(targets: readonly CollectTarget[]): void {
  const stranded = targets.filter((t) => t.credentials.length === 0);
  if (stranded.length === 0) return;
  const which = stranded.length === 1 ? hostPort(stranded[0].device.ip, stranded[0].device.port) : `${stranded.length} devices`;
  throw new UsageError(
    `${which} ${stranded.length === 1 ? 'was' : 'were'} found over SNMPv3 and no SNMPv3 credential is given; not asking over v1/v2c instead`,
    'add --snmp-version 3 --user NAME and its keys, or the --ranges FILE discover used',
  );
}

async function fromRecordings(files: string[], flags: CollectFlags): Promise<void> {
  const profiles = loadProfiles(flags.mibs ?? []);
  const output = new RecordOutput(outputFormat(flags), flags.explain === true);
  const warn: BadLine = (problem) => process.stderr.write(`printscan: warning: ${problem.message} (line skipped)\n`);
  for (const file of files) output.record(await collectRecording(file, profiles, flags.explain, warn));
  output.finish({ recordings: files.length });
}

async function fromInventory(flags: CollectFlags): Promise<Collected> {
  const format = recordFormat(flags);
  const stateDir = flags.state ?? defaultStateDir();
  await prepareStateDir(stateDir);
  const plan = await planPush(flags, stateDir);
  try {
    return await collectInventory(flags, format, stateDir, plan);
  } finally {
    await plan?.close();
  }
}

/** Collects the inventory, writes the report, pushes when asked; the caller owns `plan`. */
export async function collectInventory(flags: CollectFlags, format: Format, stateDir: string, plan: PushPlan | undefined): Promise<Collected> {
  const profiles = loadProfiles(profileDirs(flags, stateDir, plan));
  const inventory = await Inventory.open(stateDir);
  const wanted = flags.device ? new Set(flags.device) : undefined;
  const devices = inventory.list().filter((d) => !wanted || wanted.has(d.ip) || wanted.has(`${d.ip}:${d.port}`) || wanted.has(hostPort(d.ip, d.port)));
  if (devices.length === 0) {
    if (wanted) throw new UsageError(`no device ${[...wanted].join(', ')} in the inventory ${inventory.path}`, 'printscan discover (or scan) adds devices to it');
    // An inventory that exists but is empty means a discover ran and found no imaging device.
    throw existsSync(inventory.path)
      ? new UsageError(`nothing to collect: the last discover found no imaging devices (inventory ${inventory.path})`, 'discover a range that holds printers, or check --community / --snmp-version')
      : new UsageError(`nothing to collect: no discover has run with the state directory ${stateDir}`, 'run printscan discover (or printscan scan) first');
  }
  const fromServer = plan?.config?.config.ranges ?? [];
  const targets: CollectTarget[] = devices.map((device) => ({ device: discoveredPart(device), credentials: credentialsFor(flags, device.snmpVersion, fromServer), known: device.identity, hints: device.hints, previous: inventory.previousMeters(device) }));
  refuseDowngrade(targets);
  let trouble = flags.push === true && (await sealLeftBehind(plan, stateDir, flags.quiet === true));
  const output = new RecordOutput(format, flags.explain === true);
  const startedAt = new Date();
  let summary: CollectSummary | undefined;
  const events = collect(targets, {
    profiles,
    timeoutMs: flags.timeout,
    retries: flags.retries,
    concurrency: flags.concurrency,
    explain: flags.explain,
    resolve: reverseLookupFrom(flags),
  });
  for await (const event of untilAborted(events, interruption())) {
    if (event.type === 'record') output.record(event.record, event.hints);
    else if (event.type === 'problem') output.problem(event.problem);
    else summary = event.summary;
  }
  const report = buildReport({
    collector: await collectorInfo(stateDir, PRINTSCAN_VERSION),
    startedAt,
    finishedAt: new Date(),
    devices: output.records,
    problems: output.problems,
    collect: summary,
  });
  trouble = (await saveCollected(stateDir, report, plan?.spoolLimits, profiles, false, output.hints)) || trouble;
  output.finish({ collect: summary });
  if (!flags.quiet && summary) process.stderr.write(collectSummaryLine(summary) + '\n');
  trouble = (await pushIfAsked(plan, flags, stateDir)) || trouble;
  return { output, report, trouble };
}

export function collectCommand(): Command {
  const cmd = new Command('collect')
    .description('read identity, meters, supplies and status of the devices in the inventory')
    .option('--device <ip...>', 'only these inventory devices (address or address:port)')
    .option('--from-walk <file...>', 'read a recording (snmprec or snmpwalk -On output) instead of the network');
  addRecordOptions(cmd, '{devices, others, problems, summary: {collect}}');
  return cmd.action(async (flags: CollectFlags) => {
    if (flags.fromWalk) {
      if (flags.device) throw new UsageError('--from-walk reads recordings, not the inventory: drop --device');
      if (flags.push) throw new UsageError('--from-walk reads recordings: nothing to push', 'collect from devices to push their report');
      return fromRecordings(flags.fromWalk, flags);
    }
    const collected = await fromInventory(flags);
    if (collected.output.problems.length > 0 || collected.trouble) process.exitCode = 1;
    endCollected(collected);
  });
}

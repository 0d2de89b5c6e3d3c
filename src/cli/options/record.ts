/** The flags of the commands that collect (scan, collect, run) and their translation into pipeline settings. */
import type { Command } from 'commander';
import type { CollectSettings } from '../../pipeline/collect.js';
import type { ScanSettings } from '../../pipeline/scan.js';
import { readRangesFile } from '../../targets/ranges-file.js';
import type { Format } from '../record-output.js';
import { addOutputOptions, outputFormat, type OutputFlags } from './output.js';
import { addPushOptions, type PushFlags } from './push.js';
import { addScanOptions, credentialsFromFlags, rangesOfFlags, reverseLookupFrom, sweepSettings, type ScanFlags } from './scan.js';

export interface RecordFlags extends ScanFlags, OutputFlags, PushFlags {
  explain?: boolean;
  push?: boolean;
  /** collect: only these inventory devices */
  device?: string[];
}

/** What scan and collect both take: output format, --explain, --push, the scan and the push flags. */
export function addRecordOptions(cmd: Command, json: string): Command {
  addOutputOptions(cmd, json, 'collected')
    .option('--explain', 'for every field shown (model, meters, supplies, status…): the OID, raw value, transform and profile it came from; on stderr, or in each record with --json/--ndjson')
    .option('--push', 'seal the report and send it (see the push options); what cannot be sent waits in the spool');
  addScanOptions(cmd);
  return addPushOptions(cmd);
}

/** stdout carries the sealed report when that is the uploader: the records stay off it. */
export function recordFormat(flags: RecordFlags): Format {
  const format = outputFormat(flags);
  return flags.push && flags.uploader === 'stdout' ? 'none' : format;
}

export function scanSettingsFrom(targets: string[], flags: RecordFlags): ScanSettings {
  return {
    ranges: rangesOfFlags(targets, flags),
    exclude: flags.exclude,
    mibs: flags.mibs,
    explain: flags.explain,
    resolve: reverseLookupFrom(flags),
    ...sweepSettings(flags),
  };
}

/** The flags' credentials, then every credential of a ranges file (the server's are added by the pipeline). */
export function collectSettingsFrom(flags: RecordFlags): CollectSettings {
  return {
    devices: flags.device,
    credentials: [...credentialsFromFlags(flags), ...(flags.ranges ? readRangesFile(flags.ranges).flatMap((r) => r.credentials) : [])],
    timeoutMs: flags.timeout,
    retries: flags.retries,
    concurrency: flags.concurrency,
    mibs: flags.mibs,
    explain: flags.explain,
    resolve: reverseLookupFrom(flags),
  };
}

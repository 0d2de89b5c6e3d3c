import { Command } from 'commander';
import { collectRecording } from '../collect/from-recording.js';
import { UsageError } from '../errors.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { runCollect } from '../pipeline/collect.js';
import { loadProfiles } from '../profiles/load.js';
import type { BadLine } from '../snmp/recording.js';
import { endCollected, interruption } from './interrupt.js';
import { outputFormat } from './options/output.js';
import { pushSetupFrom } from './options/push.js';
import { addRecordOptions, collectSettingsFrom, recordFormat, type RecordFlags } from './options/record.js';
import { EXIT, exitWith, warn } from './output.js';
import { eventOutput } from './pipeline-output.js';
import { RecordOutput } from './record-output.js';

interface CollectFlags extends RecordFlags {
  fromWalk?: string[];
}

async function fromRecordings(files: string[], flags: CollectFlags): Promise<void> {
  const profiles = loadProfiles(flags.mibs ?? []);
  const output = new RecordOutput(outputFormat(flags), flags.explain === true);
  const skipped: BadLine = (problem) => warn(`${problem.message} (line skipped)`);
  for (const file of files) output.record(await collectRecording(file, profiles, flags.explain, skipped));
  output.finish({ recordings: files.length });
}

async function fromInventory(flags: CollectFlags): Promise<void> {
  const settings = collectSettingsFrom(flags);
  const push = flags.push || flags.server !== undefined ? await pushSetupFrom(flags) : undefined;
  const records = new RecordOutput(recordFormat(flags), flags.explain === true);
  const emit = eventOutput({ records, quiet: flags.quiet === true });
  const collected = await runCollect({ ...settings, stateDir: flags.state ?? defaultStateDir(), push, send: flags.push === true, emit, signal: interruption() });
  if (collected.report.problems.length > 0 || collected.trouble) exitWith(EXIT.problems);
  endCollected(collected.report);
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
    return fromInventory(flags);
  });
}

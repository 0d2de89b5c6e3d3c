import { Command } from 'commander';
import { endCollected } from './interrupt.js';
import { addRecordOptions, type RecordFlags } from './options/record.js';
import { EXIT, exitWith } from './output.js';
import { scanAndShow } from './show-scan.js';

export function scanCommand(): Command {
  const cmd = new Command('scan')
    .description('discover, then collect identity, meters, supplies and status of every imaging device found')
    .argument('[targets...]', 'addresses, ranges (a.b.c.d-e), CIDR blocks, hostnames, host:port, @file; commas allowed');
  addRecordOptions(cmd, '{devices, others, problems, summary: {discover, collect}}');
  return cmd.action(async (targets: string[], flags: RecordFlags) => {
    const collected = await scanAndShow(targets, flags);
    if (collected.report.problems.length > 0 || collected.trouble) exitWith(EXIT.problems);
    endCollected(collected.report);
  });
}

/** --json, --ndjson and --csv, shared by every command that lists devices. */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';

export interface OutputFlags {
  json?: boolean;
  ndjson?: boolean;
  csv?: boolean;
}

/** `json` says what the document holds, `each` when a line is written. */
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

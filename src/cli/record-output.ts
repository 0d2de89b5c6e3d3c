/** Where collected records go: streamed lines as devices finish, or one document at the end. */
import type { ReadHints } from '../collect/read-hints.js';
import type { DeviceRecord, CollectSummary } from '../collect/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import { plural } from './fit-table.js';
import { byAddress, deviceTable } from './render.js';
import { explainText, recordCsvHeader, recordCsvRow, recordTable } from './render-records.js';
import { hostPort } from '../targets/target-set.js';

/** `none`: stdout belongs to something else (the stdout uploader) */
export type Format = 'json' | 'ndjson' | 'csv' | 'table' | 'none';

export function collectSummaryLine(s: CollectSummary): string {
  const perDevice = s.devices > 0 ? (s.requests / s.devices).toFixed(1) : '0';
  return `collected ${s.collected} of ${plural(s.devices, 'device')} in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.failed} unreachable, ${perDevice} requests per device)`;
}

export class RecordOutput {
  readonly records: DeviceRecord[] = [];
  readonly problems: HostProblem[] = [];
  /** per record, what its collect learned: kept in the inventory, never printed */
  readonly hints = new Map<DeviceRecord, ReadHints>();
  /** answering hosts that are not imaging devices (with --all): listed, not collected */
  readonly others: DiscoveredDevice[] = [];

  constructor(
    private readonly format: Format,
    private readonly explain: boolean,
  ) {}

  record(record: DeviceRecord, hints?: ReadHints): void {
    this.records.push(record);
    if (hints) this.hints.set(record, hints);
    if (this.format === 'ndjson') process.stdout.write(JSON.stringify(record) + '\n');
  }

  other(device: DiscoveredDevice): void {
    this.others.push(device);
    if (this.format === 'ndjson') process.stdout.write(JSON.stringify(device) + '\n');
  }

  problem(problem: HostProblem): void {
    this.problems.push(problem);
    process.stderr.write(`printscan: warning: ${hostPort(problem.ip, problem.port)} ${problem.problem}: ${problem.detail}\n`);
  }

  finish(summary: Record<string, unknown>): void {
    this.records.sort(byAddress);
    this.others.sort(byAddress);
    if (this.format === 'json') {
      process.stdout.write(JSON.stringify({ devices: this.records, others: this.others, problems: this.problems, summary }, null, 2) + '\n');
    }
    // CSV in the table's order; other hosts have no meters or supplies to put in its columns.
    if (this.format === 'csv') {
      process.stdout.write([recordCsvHeader(), ...this.records.map(recordCsvRow)].join('\n') + '\n');
      if (this.others.length > 0) {
        process.stderr.write(`printscan: ${plural(this.others.length, 'other host')} that answer SNMP are not in the CSV (no meters or supplies); --json lists them under "others"\n`);
      }
    }
    if (this.format === 'table') {
      if (this.records.length > 0) process.stdout.write(recordTable(this.records) + '\n');
      if (this.others.length > 0) process.stdout.write('other hosts that answer SNMP:\n' + deviceTable(this.others) + '\n');
    }
    // Evidence is for people and never mixed into the data: JSON and NDJSON records carry it as `provenance`.
    if (this.explain && (this.format === 'table' || this.format === 'csv') && this.records.length > 0) process.stderr.write(explainText(this.records) + '\n');
  }
}

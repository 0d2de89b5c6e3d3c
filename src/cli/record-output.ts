/** Where collected records go: streamed lines as devices finish, or one document at the end. */
import type { DeviceRecord, CollectSummary } from '../collect/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import { plural } from './fit-table.js';
import { writeErr, writeOut } from './output.js';
import { byAddress, deviceTable } from './render.js';
import { explainText, recordCsvHeader, recordCsvRow, recordTable } from './render-records.js';

/** `none`: stdout belongs to something else (the stdout uploader) */
export type Format = 'json' | 'ndjson' | 'csv' | 'table' | 'none';

export function collectSummaryLine(s: CollectSummary): string {
  const perDevice = s.devices > 0 ? (s.requests / s.devices).toFixed(1) : '0';
  return `collected ${s.collected} of ${plural(s.devices, 'device')} in ${(s.elapsedMs / 1000).toFixed(1)} s (${s.failed} unreachable, ${perDevice} requests per device)`;
}

export class RecordOutput {
  readonly records: DeviceRecord[] = [];
  readonly problems: HostProblem[] = [];
  /** answering hosts that are not imaging devices (with --all): listed, not collected */
  readonly others: DiscoveredDevice[] = [];

  constructor(
    private readonly format: Format,
    private readonly explain: boolean,
  ) {}

  record(record: DeviceRecord): void {
    this.records.push(record);
    if (this.format === 'ndjson') writeOut(JSON.stringify(record) + '\n');
  }

  other(device: DiscoveredDevice): void {
    this.others.push(device);
    if (this.format === 'ndjson') writeOut(JSON.stringify(device) + '\n');
  }

  /** kept for the JSON document; the line on stderr is the caller's */
  problem(problem: HostProblem): void {
    this.problems.push(problem);
  }

  finish(summary: Record<string, unknown>): void {
    this.records.sort(byAddress);
    this.others.sort(byAddress);
    if (this.format === 'json') {
      writeOut(JSON.stringify({ devices: this.records, others: this.others, problems: this.problems, summary }, null, 2) + '\n');
    }
    // CSV in the table's order; other hosts have no meters or supplies to put in its columns.
    if (this.format === 'csv') {
      writeOut([recordCsvHeader(), ...this.records.map(recordCsvRow)].join('\n') + '\n');
      if (this.others.length > 0) {
        writeErr(`printscan: ${plural(this.others.length, 'other host')} that answer SNMP are not in the CSV (no meters or supplies); --json lists them under "others"\n`);
      }
    }
    if (this.format === 'table') {
      if (this.records.length > 0) writeOut(recordTable(this.records) + '\n');
      if (this.others.length > 0) writeOut('other hosts that answer SNMP:\n' + deviceTable(this.others) + '\n');
    }
    // Evidence is for people and never mixed into the data: JSON and NDJSON records carry it as `provenance`.
    if (this.explain && (this.format === 'table' || this.format === 'csv') && this.records.length > 0) writeErr(explainText(this.records) + '\n');
  }
}

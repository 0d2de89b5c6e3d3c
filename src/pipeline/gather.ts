/** Collected records, other hosts and problems as they arrive, turned into the report at the end. */
import type { ReadHints } from '../collect/read-hints.js';
import type { CollectSummary, DeviceRecord } from '../collect/types.js';
import type { DiscoverSummary } from '../discover/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import type { Emit } from '../events.js';
import { buildReport } from '../report/build.js';
import { collectorInfo } from '../report/collector.js';
import type { Report } from '../report/types.js';
import { PRINTSCAN_VERSION } from '../version.js';

export class Gathered {
  readonly records: DeviceRecord[] = [];
  readonly problems: HostProblem[] = [];
  /** answering hosts that are not imaging devices: listed, not collected */
  readonly others: DiscoveredDevice[] = [];
  /** per record, what its collect learned: kept in the inventory, never reported */
  readonly hints = new Map<DeviceRecord, ReadHints>();
  readonly startedAt = new Date();
  discover?: DiscoverSummary;
  collect?: CollectSummary;

  constructor(private readonly emit: Emit) {}

  record(record: DeviceRecord, hints?: ReadHints): void {
    this.records.push(record);
    if (hints) this.hints.set(record, hints);
    this.emit({ type: 'collected', record });
  }

  other(device: DiscoveredDevice): void {
    this.others.push(device);
    this.emit({ type: 'found', device });
  }

  problem(problem: HostProblem): void {
    this.problems.push(problem);
    this.emit({ type: 'problem', problem });
  }

  async report(stateDir: string): Promise<Report> {
    return buildReport({
      collector: await collectorInfo(stateDir, PRINTSCAN_VERSION),
      startedAt: this.startedAt,
      finishedAt: new Date(),
      devices: this.records,
      others: this.others,
      problems: this.problems,
      discover: this.discover,
      collect: this.collect,
    });
  }
}

/** discover: sweep the ranges, identify who answers, and add the imaging devices to the inventory. */
import { discover } from '../discover/discover.js';
import type { DiscoverSummary } from '../discover/types.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import type { ScanRange } from '../targets/scan-range.js';
import { prepareStateDir } from '../inventory/state-dir.js';
import { Inventory } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import { contextOf, type PipelineOptions } from './context.js';
import { rangesOrServers, type SweepSettings } from './scan.js';
import { untilAborted } from './until-aborted.js';

export interface DiscoverPipelineOptions extends PipelineOptions, SweepSettings {
  ranges: ScanRange[];
  mibs?: string[];
}

export interface Discovered {
  /** every host that answered, imaging devices and (with `all`) others, as found */
  devices: DiscoveredDevice[];
  problems: HostProblem[];
  summary?: DiscoverSummary;
}

/** Each host found is a `found` event, each host that could not be read a `problem`; nothing is printed. */
export async function runDiscover(options: DiscoverPipelineOptions): Promise<Discovered> {
  const ctx = contextOf(options);
  const { stateDir: _s, emit: _e, signal: _g, mibs, ranges, ...sweep } = options;
  const asked = rangesOrServers(ranges, undefined);
  const profiles = loadProfiles(mibs ?? []);
  await prepareStateDir(ctx.stateDir);
  const inventory = await Inventory.open(ctx.stateDir);
  const run: Discovered = { devices: [], problems: [] };
  ctx.emit({ type: 'phase', phase: 'discover' });
  for await (const event of untilAborted(discover({ ...sweep, ranges: asked, profiles }), ctx.signal)) {
    if (event.type === 'progress') ctx.emit(event);
    else if (event.type === 'device') {
      run.devices.push(event.device);
      ctx.emit({ type: 'found', device: event.device });
    } else if (event.type === 'problem') {
      run.problems.push(event.problem);
      ctx.emit({ type: 'problem', problem: event.problem });
    } else run.summary = event.summary;
  }
  inventory.merge(run.devices.filter((d) => d.imaging));
  await inventory.save();
  return run;
}

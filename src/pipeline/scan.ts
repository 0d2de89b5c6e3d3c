/** scan: discover, collect each imaging device found, keep the report, and push it when asked. */
import type { ReverseLookup } from '../collect/reverse-dns.js';
import { scan } from './discover-and-collect.js';
import type { DiscoverOptions } from '../discover/discover.js';
import type { DiscoveredDevice } from '../identify/types.js';
import type { ScanRange } from '../targets/scan-range.js';
import { UsageError } from '../errors.js';
import { prepareStateDir } from '../inventory/state-dir.js';
import { Inventory } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import { contextOf, profileDirs, type PipelineContext, type PipelineOptions } from './context.js';
import { Gathered } from './gather.js';
import type { PushSetup } from './push-plan.js';
import { keepAndPush, sealLeftBehind, withPush, type Collected, type PlanUse } from './steps.js';
import { untilAborted } from './until-aborted.js';

export type SweepSettings = Pick<DiscoverOptions, 'port' | 'timeoutMs' | 'retries' | 'concurrency' | 'rate' | 'all' | 'maxHosts'>;

export interface ScanPipelineOptions extends PipelineOptions, SweepSettings {
  /** what to sweep; when empty, the ranges of the server's configuration (with `exclude`) */
  ranges: ScanRange[];
  exclude?: string[];
  /** the user's own profile directories */
  mibs?: string[];
  explain?: boolean;
  resolve?: ReverseLookup;
  /** seal the report and send it; with `send: false`, only use the server's configuration and keep the report pending for a later push */
  push?: PushSetup;
  send?: boolean;
}

/** A scan's own settings, without where it keeps state or pushes. */
export type ScanSettings = Omit<ScanPipelineOptions, keyof PipelineOptions | 'push' | 'send'>;

/** The ranges asked for; none: the server's, with `exclude` added; none either is a usage error. */
export function rangesOrServers(ranges: ScanRange[], exclude: string[] | undefined, serverRanges: readonly ScanRange[] = []): ScanRange[] {
  if (ranges.length > 0) return ranges;
  const fromServer = serverRanges.map((r) => ({ ...r, exclude: [...(r.exclude ?? []), ...(exclude ?? [])] }));
  if (fromServer.length === 0) throw new UsageError('no targets given', 'name addresses, ranges or CIDR blocks (e.g. 192.0.2.0/24), an @file, or --ranges FILE');
  return fromServer;
}

/** Discover + collect + report, and the push when asked; the caller owns `use.plan`. */
export async function scanWithPlan(options: ScanSettings, use: PlanUse, ctx: PipelineContext): Promise<Collected> {
  const ranges = rangesOrServers(options.ranges, options.exclude, use.plan?.config?.config.ranges);
  const profiles = loadProfiles(profileDirs(ctx.stateDir, options.mibs, use.plan));
  const leftBehind = use.send && (await sealLeftBehind(use.plan, ctx));
  const gathered = new Gathered(ctx.emit);
  const inventory = await Inventory.open(ctx.stateDir);
  const previous = (device: DiscoveredDevice) => inventory.previousMeters(device);
  const { exclude: _exclude, mibs: _mibs, ranges: _ranges, ...settings } = options;
  ctx.emit({ type: 'phase', phase: 'discover' });
  for await (const event of untilAborted(scan({ ...settings, ranges, profiles, previous }), ctx.signal)) {
    if (event.type === 'progress') ctx.emit(event);
    else if (event.type === 'device') gathered.other(event.device);
    else if (event.type === 'record') gathered.record(event.record, event.hints);
    else if (event.type === 'problem') gathered.problem(event.problem);
    else if (event.type === 'summary') gathered.discover = event.summary;
    else gathered.collect = event.summary;
  }
  const kept = await keepAndPush(gathered, true, profiles, use, ctx);
  return { ...kept, trouble: kept.trouble || leftBehind };
}

/**
 * Discovers `ranges`, collects every imaging device found, keeps the report in the state
 * directory and, with `push`, seals it and sends it. Events go to `emit`; nothing is printed.
 */
export async function runScan(options: ScanPipelineOptions): Promise<Collected> {
  const ctx = contextOf(options);
  await prepareStateDir(ctx.stateDir);
  const { stateDir: _s, emit: _e, signal: _g, push, send: _send, ...settings } = options;
  const send = push !== undefined && options.send !== false;
  return withPush(push, ctx, send, (plan) => scanWithPlan(settings, { plan, send }, ctx));
}

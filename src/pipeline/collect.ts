/** collect: read the devices of the inventory again, keep the report, and push it when asked. */
import { existsSync } from 'node:fs';
import type { ReverseLookup } from '../collect/reverse-dns.js';
import { collect, type CollectTarget } from '../collect/collect-fleet.js';
import { UsageError } from '../errors.js';
import { prepareStateDir } from '../inventory/state-dir.js';
import { discoveredPart, Inventory, type InventoryDevice } from '../inventory/store.js';
import { loadProfiles } from '../profiles/load.js';
import type { Credential } from '../targets/scan-range.js';
import { hostPort } from '../targets/target-set.js';
import { contextOf, profileDirs, type PipelineContext, type PipelineOptions } from './context.js';
import { Gathered } from './gather.js';
import type { PushSetup } from './push-plan.js';
import { keepAndPush, sealLeftBehind, withPush, type Collected, type PlanUse } from './steps.js';
import { untilAborted } from './until-aborted.js';

export interface CollectPipelineOptions extends PipelineOptions {
  /** only these inventory devices (address or address:port) */
  devices?: string[];
  /** credentials to try (the user's and a ranges file's); the server's ranges add theirs */
  credentials: Credential[];
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  mibs?: string[];
  explain?: boolean;
  resolve?: ReverseLookup;
  /** seal and send the report; with `send: false`, only use the server's configuration and keep the report pending */
  push?: PushSetup;
  send?: boolean;
}

export type CollectSettings = Omit<CollectPipelineOptions, keyof PipelineOptions | 'push' | 'send'>;

/**
 * The credentials of the version discover saw first, then the others. A device found over
 * SNMPv3 is asked over SNMPv3 only: falling back to a community would send it in clear text to
 * a device that was reached with keys.
 */
function credentialsFor(all: readonly Credential[], version: string): Credential[] {
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

/** The inventory's devices (or the ones asked for); none is a usage error that says why. */
function devicesToCollect(inventory: Inventory, wanted: readonly string[] | undefined, stateDir: string): InventoryDevice[] {
  const asked = wanted ? new Set(wanted) : undefined;
  const devices = inventory.list().filter((d) => !asked || asked.has(d.ip) || asked.has(`${d.ip}:${d.port}`) || asked.has(hostPort(d.ip, d.port)));
  if (devices.length > 0) return devices;
  if (asked) throw new UsageError(`no device ${[...asked].join(', ')} in the inventory ${inventory.path}`, 'printscan discover (or scan) adds devices to it');
  // An inventory that exists but is empty means a discover ran and found no imaging device.
  throw existsSync(inventory.path)
    ? new UsageError(`nothing to collect: the last discover found no imaging devices (inventory ${inventory.path})`, 'discover a range that holds printers, or check --community / --snmp-version')
    : new UsageError(`nothing to collect: no discover has run with the state directory ${stateDir}`, 'run printscan discover (or printscan scan) first');
}

/** Collects the inventory, keeps the report, pushes when asked; the caller owns `use.plan`. */
export async function collectWithPlan(options: CollectSettings, use: PlanUse, ctx: PipelineContext): Promise<Collected> {
  const profiles = loadProfiles(profileDirs(ctx.stateDir, options.mibs, use.plan));
  const inventory = await Inventory.open(ctx.stateDir);
  const credentials = [...options.credentials, ...(use.plan?.config?.config.ranges ?? []).flatMap((r) => r.credentials)];
  const targets: CollectTarget[] = devicesToCollect(inventory, options.devices, ctx.stateDir).map((device) => ({
    device: discoveredPart(device),
    credentials: credentialsFor(credentials, device.snmpVersion),
    known: device.identity,
    hints: device.hints,
    previous: inventory.previousMeters(device),
  }));
  refuseDowngrade(targets);
  const leftBehind = use.send && (await sealLeftBehind(use.plan, ctx));
  const gathered = new Gathered(ctx.emit);
  const { timeoutMs, retries, concurrency, explain, resolve } = options;
  ctx.emit({ type: 'phase', phase: 'collect' });
  for await (const event of untilAborted(collect(targets, { profiles, timeoutMs, retries, concurrency, explain, resolve }), ctx.signal)) {
    if (event.type === 'record') gathered.record(event.record, event.hints);
    else if (event.type === 'problem') gathered.problem(event.problem);
    else gathered.collect = event.summary;
  }
  const kept = await keepAndPush(gathered, false, profiles, use, ctx);
  return { ...kept, trouble: kept.trouble || leftBehind };
}

/**
 * Reads every device of the inventory (or `devices`) again, keeps the report in the state
 * directory and, with `push`, seals it and sends it. Events go to `emit`; nothing is printed.
 */
export async function runCollect(options: CollectPipelineOptions): Promise<Collected> {
  const ctx = contextOf(options);
  await prepareStateDir(ctx.stateDir);
  const { stateDir: _s, emit: _e, signal: _g, push, send: _send, ...settings } = options;
  const send = push !== undefined && options.send !== false;
  return withPush(push, ctx, send, (plan) => collectWithPlan(settings, { plan, send }, ctx));
}

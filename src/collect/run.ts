/**
 * Collect for many devices: each is read concurrently under one bound, over the shared
 * socket. A device that does not answer is a result (a record with its errors), never an
 * exception.
 */
import pLimit from 'p-limit';
import { DISCOVER_DEFAULTS } from '../discover/discover.js';
import type { DiscoveredDevice, HostProblem } from '../discover/types.js';
import { EventQueue } from '../discover/event-queue.js';
import { GENERIC_PROFILE_ID, matchProfile } from '../profiles/fingerprint.js';
import type { Profile } from '../profiles/types.js';
import { Budget, COLLECT_BUDGET, type BudgetLimits } from '../snmp/budget.js';
import { SnmpClient } from '../snmp/client.js';
import { UdpTransport } from '../snmp/transport.js';
import type { Credential } from '../snmp/types.js';
import { scrub } from '../secrets.js';
import { collectDevice, type CollectedDevice } from './collect-device.js';
import { meterWarnings, type PreviousMeters } from './meter-warnings.js';
import type { ReadHints } from './read-hints.js';
import type { ReverseLookup } from './reverse-dns.js';
import { readFailed } from '../record-fields.js';
import type { CollectEvent, CollectSummary, FieldError, IdentityFields } from './types.js';

export interface CollectTarget {
  device: DiscoveredDevice;
  /** tried in order until one answers */
  credentials: Credential[];
  /** fields read once that are known already (from the inventory) */
  known?: IdentityFields;
  /** what the last collect learned (from the inventory) */
  hints?: ReadHints;
  /** the meters the last collect read (from the inventory): a lower one now is flagged */
  previous?: PreviousMeters;
}

export interface CollectSettings {
  profiles: Profile[];
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  explain?: boolean;
  /** adds each device's DNS name (`dnsName`) */
  resolve?: ReverseLookup;
  transport?: UdpTransport;
  /** what one device's collect may cost (all its credentials together); COLLECT_BUDGET unless set */
  collectBudget?: BudgetLimits;
}

/**
 * Devices read at once at most. Each keeps a few requests in flight; more devices at once
 * only queue at agents that serve many addresses (measured on the lab's snmpsim /16:
 * 200 printers in 3.3 s at 32, 4.8 s at 256, where retransmissions pile up).
 */
export const COLLECT_CONCURRENCY = 32;

export function profileFor(device: DiscoveredDevice, profiles: readonly Profile[]): Profile {
  const generic = profiles.find((p) => p.id === GENERIC_PROFILE_ID)!;
  const byId = device.profile === undefined ? undefined : profiles.find((p) => p.id === device.profile);
  const matched = byId ?? matchProfile(profiles, device.sysObjectID, device.sysDescr);
  return matched?.imaging ? matched : generic;
}

/** One device, trying its credentials in turn while it stays silent. */
export async function collectOne(target: CollectTarget, settings: CollectSettings, transport: UdpTransport): Promise<CollectedDevice> {
  const profile = profileFor(target.device, settings.profiles);
  const dnsName = settings.resolve?.(target.device.ip);
  const budget = new Budget(settings.collectBudget ?? COLLECT_BUDGET, 'collect');
  let collected: CollectedDevice | undefined;
  for (const credential of target.credentials) {
    const client = new SnmpClient(transport, {
      host: target.device.ip,
      port: target.device.port,
      family: target.device.ip.includes(':') ? 6 : 4,
      credential,
      timeoutMs: settings.timeoutMs ?? DISCOVER_DEFAULTS.timeoutMs,
      retries: settings.retries ?? DISCOVER_DEFAULTS.retries,
      budget,
    });
    try {
      collected = await collectDevice(client, { ...target.device, snmpVersion: credential.version }, profile, {
        known: target.known,
        hints: target.hints,
        explain: settings.explain,
      });
    } finally {
      client.close();
    }
    if (!collected.unreachable) break;
  }
  const name = await dnsName;
  if (name) collected!.record.dnsName = name;
  const warnings = meterWarnings(target.previous, collected!.record.meters);
  if (warnings.length > 0) collected!.record.meterWarnings = warnings;
  return collected!;
}

/** Counts a collected record into the summary and passes it on, after its problem when it had one. */
export function report(collected: CollectedDevice, summary: CollectSummary, emit: (event: CollectEvent) => void): void {
  const { record, hints } = collected;
  summary.requests += record.requests;
  const trouble = troubleOf(collected);
  // A device read in part was collected; what it could not give is still its problem.
  if (trouble && !trouble.partial) summary.failed++;
  else summary.collected++;
  if (trouble) emit({ type: 'problem', problem: trouble.problem });
  emit({ type: 'record', record, hints });
}

/**
 * A device is a problem when it could not be read at all, when it sent anything that could not
 * be used (never a lost packet: the device is broken or lying), when its budget cut it short, or
 * when a read still failed after its retry, leaving fields empty (`partial`).
 */
function troubleOf({ record, unreachable }: CollectedDevice): { problem: HostProblem; partial: boolean } | undefined {
  const at = { ip: record.ip, port: record.port };
  const worst = record.errors.find((e) => e.problem === 'malformedReply' || e.problem === 'budgetExceeded');
  if (worst) return { problem: { ...at, problem: worst.problem as 'malformedReply' | 'budgetExceeded', detail: worst.detail }, partial: false };
  const failed = record.errors.filter(readFailed);
  if (failed.length === 0) return undefined;
  const first = failed[0] as FieldError & { problem: HostProblem['problem'] };
  if (unreachable) return { problem: { ...at, problem: first.problem, detail: scrub(first.detail) }, partial: false };
  const fields = failed.map((e) => e.field).join(', ');
  return { problem: { ...at, problem: first.problem, detail: scrub(`could not read ${fields}: ${first.detail}`) }, partial: true };
}

/** Collects every target; records arrive as each device finishes, a summary last. */
export async function* collect(targets: Iterable<CollectTarget>, settings: CollectSettings): AsyncGenerator<CollectEvent> {
  const started = performance.now();
  const transport = settings.transport ?? new UdpTransport();
  const before = { ...transport.stats };
  const limit = pLimit(Math.max(1, Math.min(settings.concurrency ?? COLLECT_CONCURRENCY, COLLECT_CONCURRENCY)));
  const queue = new EventQueue<CollectEvent>();
  const summary: CollectSummary = { devices: 0, collected: 0, failed: 0, requests: 0, bytesOut: 0, bytesIn: 0, elapsedMs: 0 };
  const jobs: Promise<void>[] = [];
  for (const target of targets) {
    summary.devices++;
    jobs.push(
      limit(async () => report(await collectOne(target, settings, transport), summary, (e) => queue.push(e))),
    );
  }
  Promise.all(jobs).then(
    () => {
      summary.bytesOut = transport.stats.bytesOut - before.bytesOut;
      summary.bytesIn = transport.stats.bytesIn - before.bytesIn;
      summary.elapsedMs = Math.round(performance.now() - started);
      queue.push({ type: 'collectSummary', summary });
      queue.close();
    },
    (err) => queue.close(err),
  );
  try {
    yield* queue;
  } finally {
    if (!settings.transport) await transport.close();
  }
}

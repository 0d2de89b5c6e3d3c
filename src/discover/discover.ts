import { UsageError } from '../errors.js';
import type { DiscoverEvent } from '../events.js';
import type { Profile } from '../profiles/types.js';
import type { BudgetLimits } from '../snmp/budget.js';
import { SNMP_DEFAULTS } from '../snmp/defaults.js';
import { UdpTransport } from '../snmp/transport.js';
import type { CommunityCredential, ScanRange, V3Credential } from '../targets/scan-range.js';
import { rememberCredentials } from '../secrets.js';
import { assertWithinHostCap, TargetSet } from '../targets/target-set.js';
import { DiscoverRun, type RangePlan, type Settings } from './discover-run.js';

export interface DiscoverOptions {
  ranges: ScanRange[];
  profiles: Profile[];
  /** port of targets that name none */
  port?: number;
  timeoutMs?: number;
  /** probes of a silent address; unset: one, and the silent addresses again while the path shows loss (sessions: 1 retry) */
  retries?: number;
  /** most requests awaiting an answer at once */
  concurrency?: number;
  /** packets per second for the sweep; 0 = unpaced; unset: 80,000, or 120,000 while few addresses answer */
  rate?: number;
  /** also list hosts that answer but are not imaging devices */
  all?: boolean;
  maxHosts?: number;
  /** share a transport with other phases; one is made (and closed) otherwise */
  transport?: UdpTransport;
  /** what identifying one host may cost; IDENTIFY_BUDGET unless set */
  identifyBudget?: BudgetLimits;
}

/** The sweep's pace on a sparse network when the user set none: measured on the lab /16, where the sender tops out near it. */
const SPARSE_RATE = 120_000;

function planCredentials(range: ScanRange, index: number): Pick<RangePlan, 'communities' | 'v3'> {
  const communities = range.credentials.filter((c): c is CommunityCredential => c.version !== '3');
  const v3 = range.credentials.filter((c): c is V3Credential => c.version === '3');
  if (range.credentials.length === 0) throw new UsageError(`range ${index + 1} has no SNMP credentials`, 'give a community or a v3 user');
  if (v3.length > 0 && (communities.length > 0 || v3.length > 1)) {
    throw new UsageError(`range ${index + 1} mixes SNMPv3 with other credentials`, 'give one v3 user per range, or communities only');
  }
  return { communities, v3: v3[0] };
}

/**
 * Sweeps every range and identifies what answers. Events arrive as they happen: devices
 * as soon as they are identified, progress every tenth of a second, a summary last.
 * Validates all input before the first packet leaves.
 */
export async function* discover(options: DiscoverOptions): AsyncGenerator<DiscoverEvent> {
  const o: Settings = { ...SNMP_DEFAULTS, ...stripUndefined(options) };
  const started = performance.now();
  const plans = await planRanges(o);
  const transport = o.transport ?? new UdpTransport();
  // The user's --rate is a pace to keep and --retries a number of probes to send; unset, the sweep finds its own.
  const pace = { retries: options.retries, sparseRate: options.rate === undefined ? SPARSE_RATE : undefined };
  const run = new DiscoverRun(transport, o, plans, pace);
  run.start(started);
  try {
    yield* run.queue;
  } finally {
    run.stopTicker();
    if (!o.transport) await transport.close();
  }
}

/** Resolves every range's targets and credentials, and refuses a scan over the host cap. */
async function planRanges(o: Settings): Promise<RangePlan[]> {
  const plans: RangePlan[] = [];
  for (const [i, range] of o.ranges.entries()) {
    const targets = await TargetSet.resolve({ targets: range.targets, exclude: range.exclude, port: range.port ?? o.port, maxHosts: Infinity });
    plans.push({ range, targets, ...planCredentials(range, i) });
    rememberCredentials(range.credentials);
  }
  assertWithinHostCap(plans.reduce((n, p) => n + p.targets.size, 0), o.maxHosts);
  return plans;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import type { DiscoverEvent } from '../events.js';
import type { Profile } from '../profiles/types.js';
import { Budget, IDENTIFY_BUDGET, type BudgetLimits } from '../snmp/budget.js';
import { SnmpClient, SnmpRequestError } from '../snmp/client.js';
import { sweep, type SweepReply } from '../snmp/sweep.js';
import { SNMP_DEFAULTS } from '../snmp/defaults.js';
import { UdpTransport } from '../snmp/transport.js';
import type { CommunityCredential, Credential, ScanRange, V3Credential } from '../targets/scan-range.js';
import { errorText, rememberCredentials, scrub } from '../secrets.js';
import { assertWithinHostCap, TargetSet, type Target } from '../targets/target-set.js';
import { EventQueue } from '../event-queue.js';
import { LossEstimate, MAX_EXTRA_PASSES } from './loss.js';
import { discoveredDevice, identifyHost, systemGroup, SYSTEM_OIDS, type HostIdentity } from '../identify/identify-host.js';
import type { DiscoverSummary } from './types.js';
import type { HostProblem } from '../identify/types.js';

export interface DiscoverOptions {
  ranges: ScanRange[];
  profiles: Profile[];
  /** port of targets that name none */
  port?: number;
  timeoutMs?: number;
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

/** Sessions are heavier than sweep probes: identification runs this many hosts at once at most. */
const SESSION_CONCURRENCY = 256;
const PROGRESS_INTERVAL_MS = 100;
const RESPONDER_EXTRA_RETRIES = 2;

interface RangePlan {
  range: ScanRange;
  targets: TargetSet;
  communities: CommunityCredential[];
  v3?: V3Credential;
}

function planCredentials(range: ScanRange, index: number): Pick<RangePlan, 'communities' | 'v3'> {
  const communities = range.credentials.filter((c): c is CommunityCredential => c.version !== '3');
  const v3 = range.credentials.filter((c): c is V3Credential => c.version === '3');
  if (range.credentials.length === 0) throw new UsageError(`range ${index + 1} has no SNMP credentials`, 'give a community or a v3 user');
  if (v3.length > 0 && (communities.length > 0 || v3.length > 1)) {
    throw new UsageError(`range ${index + 1} mixes SNMPv3 with other credentials`, 'give one v3 user per range, or communities only');
  }
  return { communities, v3: v3[0] };
}

function problemFrom(target: Target, err: unknown): HostProblem {
  if (err instanceof SnmpRequestError) return { ip: target.host, port: target.port, problem: err.failure, detail: err.message };
  return { ip: target.host, port: target.port, problem: 'error', detail: errorText(err) };
}

/**
 * Sweeps every range and identifies what answers. Events arrive as they happen: devices
 * as soon as they are identified, progress every tenth of a second, a summary last.
 * Validates all input before the first packet leaves.
 */
export async function* discover(options: DiscoverOptions): AsyncGenerator<DiscoverEvent> {
  const o = { ...SNMP_DEFAULTS, ...stripUndefined(options) };
  const started = performance.now();
  const plans: RangePlan[] = [];
  for (const [i, range] of o.ranges.entries()) {
    const targets = await TargetSet.resolve({ targets: range.targets, exclude: range.exclude, port: range.port ?? o.port, maxHosts: Infinity });
    plans.push({ range, targets, ...planCredentials(range, i) });
    rememberCredentials(range.credentials);
  }
  const total = plans.reduce((n, p) => n + p.targets.size, 0);
  assertWithinHostCap(total, o.maxHosts);

  const transport = o.transport ?? new UdpTransport();
  const queue = new EventQueue<DiscoverEvent>();
  const sessions = pLimit(Math.max(1, Math.min(o.concurrency, SESSION_CONCURRENCY)));
  const summary: DiscoverSummary = { addresses: total, responded: 0, devices: 0, nonImaging: 0, problems: 0, probesSent: 0, unexpectedReplies: 0, refusedReplies: 0, elapsedMs: 0 };
  let done = 0;
  const unexpectedBefore = transport.stats.unexpected;
  const refusedBefore = transport.stats.refused;
  // `probed`: addresses sent their first probe, as the sweep pulls them; `done`: those whose outcome is known.
  let probed = 0;
  const progress = () => queue.push({ type: 'progress', probed, done, total, found: summary.devices });
  const ticker = setInterval(progress, PROGRESS_INTERVAL_MS);
  ticker.unref();

  const report = (target: Target, credential: Credential, identity: HostIdentity, responseMs: number) => {
    if (!identity.imaging) summary.nonImaging++;
    if (identity.imaging || o.all) {
      summary.devices += identity.imaging ? 1 : 0;
      queue.push({ type: 'device', device: discoveredDevice(identity, target.host, target.port, credential.version, responseMs), credential });
    }
  };
  const fail = (problem: HostProblem) => {
    summary.problems++;
    queue.push({ type: 'problem', problem: { ...problem, detail: scrub(problem.detail) } });
  };
  // A host that answered the sweep is alive: a silence now is almost surely a lost packet.
  const clientFor = (target: Target, credential: Credential, extraRetries: number) =>
    new SnmpClient(transport, {
      host: target.host,
      port: target.port,
      family: target.family,
      credential,
      timeoutMs: o.timeoutMs,
      retries: o.retries + extraRetries,
      budget: new Budget(o.identifyBudget ?? IDENTIFY_BUDGET, 'identification'),
    });

  // A responder that falls silent during identification gets one more go once the sweep is over:
  // loss comes in bursts, and a burst is long gone by then.
  const quietResponders: SweepReply[] = [];
  const identifyResponder = async (reply: SweepReply, lastChance = false) => {
    const client = clientFor(reply.target, reply.credential, RESPONDER_EXTRA_RETRIES);
    let retryLater = false;
    try {
      const known = reply.message.errorStatus === 0 ? systemGroup(reply.message.varbinds) : undefined;
      report(reply.target, reply.credential, await identifyHost(client, o.profiles, known), reply.rttMs);
    } catch (err) {
      retryLater = !lastChance && err instanceof SnmpRequestError && err.failure === 'timeout';
      if (retryLater) quietResponders.push(reply);
      else fail(problemFrom(reply.target, err));
    } finally {
      client.close();
      if (!retryLater) done++;
    }
  };

  const probeV3 = async (target: Target, credential: V3Credential) => {
    const client = clientFor(target, credential, 0);
    const t0 = performance.now();
    let answered = false;
    try {
      const system = systemGroup((await client.get(SYSTEM_OIDS)).values());
      answered = true;
      report(target, credential, await identifyHost(client, o.profiles, system), performance.now() - t0);
    } catch (err) {
      // Anything but silence means the host answered: an authFailed host answered discovery at least.
      const silent = err instanceof SnmpRequestError && err.failure === 'timeout';
      answered ||= !silent;
      if (!silent) fail(problemFrom(target, err));
    } finally {
      if (answered) summary.responded++;
      client.close();
      done++;
    }
  };

  const identifications = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    identifications.add(p);
    void p.finally(() => identifications.delete(p));
  };

  const run = async () => {
    for (const plan of plans) {
      if (plan.v3) {
        const iterator = counted(plan.targets, () => probed++);
        const worker = async () => {
          for (let next = iterator.next(); !next.done; next = iterator.next()) await probeV3(next.value, plan.v3!);
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency, SESSION_CONCURRENCY)) }, worker));
        continue;
      }
      const answered = new Set<string>();
      const loss = new LossEstimate();
      const pass = async (targets: Iterable<Target>, retries: number, first: boolean) => {
        const stats = await sweep(transport, targets, {
          oids: SYSTEM_OIDS,
          families: plan.targets.families,
          credentials: plan.communities,
          timeoutMs: o.timeoutMs,
          retries,
          concurrency: o.concurrency,
          rate: o.rate,
          sparseRate: options.rate === undefined ? SPARSE_RATE : undefined,
          onReply: (reply) => {
            summary.responded++;
            answered.add(`${reply.target.host}:${reply.target.port}`);
            // A host first silent, then answering in a later pass, was counted done already; identification counts it again.
            if (first) loss.note(reply.attempt);
            else done--;
            track(sessions(() => identifyResponder(reply)));
          },
          onFailure: (target, failure, detail) => {
            if (first) done++;
            // A host that answered garbage did answer: a later pass over the silent ones skips it, so it is reported once.
            if (failure === 'malformedReply') answered.add(`${target.host}:${target.port}`);
            if (failure !== 'timeout') fail({ ip: target.host, port: target.port, problem: failure, detail: detail ?? failureText[failure] });
          },
        });
        summary.probesSent += stats.probesSent;
      };
      await pass(counted(plan.targets, () => probed++), o.retries, true);
      for (let extra = 1, probes = o.retries + 1; extra <= MAX_EXTRA_PASSES && loss.worthAnotherPass(probes); extra++, probes++) {
        await pass(silent(plan.targets, answered), 0, false);
      }
    }
    while (identifications.size > 0) await Promise.all([...identifications]);
    await Promise.all(quietResponders.splice(0).map((reply) => sessions(() => identifyResponder(reply, true))));
  };

  run().then(
    () => {
      clearInterval(ticker);
      progress();
      summary.unexpectedReplies = transport.stats.unexpected - unexpectedBefore;
      summary.refusedReplies = transport.stats.refused - refusedBefore;
      summary.elapsedMs = Math.round(performance.now() - started);
      queue.push({ type: 'summary', summary });
      queue.close();
    },
    (err) => {
      clearInterval(ticker);
      queue.close(err);
    },
  );
  try {
    yield* queue;
  } finally {
    clearInterval(ticker);
    if (!o.transport) await transport.close();
  }
}

/** The targets that have not answered yet, lazily: a /16 is never copied. */
function* silent(targets: Iterable<Target>, answered: ReadonlySet<string>): Generator<Target> {
  for (const t of targets) if (!answered.has(`${t.host}:${t.port}`)) yield t;
}

const failureText = {
  malformedReply: 'answered with bytes that are not a valid SNMP message',
  noRoute: 'no socket for this address family on this machine',
} as const;

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The items as they are pulled, counting each: the sweep pulls an address when it sends its first probe. */
function* counted<T>(items: Iterable<T>, count: () => void): Generator<T> {
  for (const item of items) {
    count();
    yield item;
  }
}

/** A discover in progress: the sweeps of each range, the identification sessions they start, the events. */
import pLimit, { type LimitFunction } from 'p-limit';
import type { DiscoverEvent } from '../events.js';
import { Budget, IDENTIFY_BUDGET } from '../snmp/budget.js';
import { SnmpClient, SnmpRequestError } from '../snmp/client.js';
import { sweep } from '../snmp/sweep.js';
import type { SweepReply } from '../snmp/sweep-options.js';
import type { Learned, Stretch } from '../snmp/sweep-pace.js';
import type { UdpTransport } from '../snmp/transport.js';
import type { CommunityCredential, Credential, ScanRange, V3Credential } from '../targets/scan-range.js';
import { errorText, scrub } from '../secrets.js';
import type { TargetSet, Target } from '../targets/target-set.js';
import type { DiscoverOptions } from './discover.js';
import { EventQueue } from '../event-queue.js';
import { LossEstimate, MAX_EXTRA_PASSES, MAX_PROBES } from './loss.js';
import { discoveredDevice, identifyHost, systemGroup, SYSTEM_OIDS, type HostIdentity } from '../identify/identify-host.js';
import type { DiscoverSummary } from './types.js';
import type { HostProblem } from '../identify/types.js';

/** The options with every default filled in. */
export type Settings = DiscoverOptions & Required<Pick<DiscoverOptions, 'port' | 'timeoutMs' | 'retries' | 'concurrency' | 'rate'>>;

export interface RangePlan {
  range: ScanRange;
  targets: TargetSet;
  communities: CommunityCredential[];
  v3?: V3Credential;
}

/**
 * What the user left to the sweep: `retries` undefined sends one probe per address and learns
 * the loss from sentinels; `sparseRate` (no --rate given) caps a pace the sweep finds for itself.
 */
export interface SweepPace {
  retries?: number;
  sparseRate?: number;
}

/** One sweep over a range's addresses; `loss` on the first pass only, which counts outcomes and learns the loss. */
interface Pass {
  answered: Set<string>;
  loss?: LossEstimate;
  /** what the pass sent faster than the path carried (addresses in the order swept) */
  suspect?: readonly Stretch[];
  /** what the passes over this range learned of the path */
  path: { learned?: Learned };
}

/** Sessions are heavier than sweep probes: identification runs this many hosts at once at most. */
const SESSION_CONCURRENCY = 256;
const PROGRESS_INTERVAL_MS = 100;
const RESPONDER_EXTRA_RETRIES = 2;
/** answers awaiting identification at most: past it the sweep waits, so a network where everything answers costs bounded memory */
const IDENTIFY_WINDOW = 1024;

function problemFrom(target: Target, err: unknown): HostProblem {
  if (err instanceof SnmpRequestError) return { ip: target.host, port: target.port, problem: err.failure, detail: err.message };
  return { ip: target.host, port: target.port, problem: 'error', detail: errorText(err) };
}

/** One discover in progress: the sweeps, the identification sessions they start, and the counts the events carry. */
export class DiscoverRun {
  readonly queue = new EventQueue<DiscoverEvent>();
  private readonly sessions: LimitFunction;
  private readonly summary: DiscoverSummary;
  // `probed`: addresses sent their first probe, as the sweep pulls them; `done`: those whose outcome is known.
  private probed = 0;
  // hosts silent through the first pass that answered a later one: their first probes were lost
  private foundLater = 0;
  private done = 0;
  private ticker: NodeJS.Timeout | undefined;
  private readonly unexpectedBefore: number;
  private readonly refusedBefore: number;
  // A responder that falls silent during identification gets one more go once the sweep is over:
  // loss comes in bursts, and a burst is long gone by then.
  private readonly quietResponders: SweepReply[] = [];
  private readonly identifications = new Set<Promise<void>>();
  private readonly admit = () => this.identifications.size < IDENTIFY_WINDOW;

  constructor(
    private readonly transport: UdpTransport,
    private readonly o: Settings,
    private readonly plans: RangePlan[],
    private readonly pace: SweepPace,
  ) {
    this.sessions = pLimit(this.sessionConcurrency());
    const total = plans.reduce((n, p) => n + p.targets.size, 0);
    const loss = { seen: false, sentinels: 0, sentinelsLost: 0, answeredLate: 0, estimate: 0 };
    this.summary = { addresses: total, responded: 0, devices: 0, nonImaging: 0, problems: 0, probesSent: 0, unexpectedReplies: 0, refusedReplies: 0, elapsedMs: 0, loss };
    this.unexpectedBefore = transport.stats.unexpected;
    this.refusedBefore = transport.stats.refused;
  }

  start(started: number): void {
    this.ticker = setInterval(this.progress, PROGRESS_INTERVAL_MS);
    this.ticker.unref();
    this.runAll().then(
      () => this.finish(started),
      (err) => {
        this.stopTicker();
        this.queue.close(err);
      },
    );
  }

  stopTicker(): void {
    clearInterval(this.ticker);
  }

  private sessionConcurrency(): number {
    return Math.max(1, Math.min(this.o.concurrency, SESSION_CONCURRENCY));
  }

  private readonly progress = () => {
    this.queue.push({ type: 'progress', probed: this.probed, done: this.done, total: this.summary.addresses, found: this.summary.devices });
  };

  private finish(started: number): void {
    this.stopTicker();
    this.progress();
    this.summary.unexpectedReplies = this.transport.stats.unexpected - this.unexpectedBefore;
    this.summary.refusedReplies = this.transport.stats.refused - this.refusedBefore;
    this.summary.elapsedMs = Math.round(performance.now() - started);
    this.summary.loss.answeredLate += this.foundLater;
    // Evident when the estimate is above 0 or a later pass found hosts the first one missed.
    this.summary.loss.seen = this.summary.loss.estimate > 0 || this.foundLater > 0;
    this.queue.push({ type: 'summary', summary: this.summary });
    this.queue.close();
  }

  private async runAll(): Promise<void> {
    for (const plan of this.plans) {
      if (plan.v3) await this.probeV3Range(plan.targets, plan.v3);
      else await this.sweepRange(plan);
    }
    while (this.identifications.size > 0) await Promise.all([...this.identifications]);
    await Promise.all(this.quietResponders.splice(0).map((reply) => this.sessions(() => this.identifyResponder(reply, true))));
  }

  /** An identified host becomes a device event (imaging devices, and all responders with `all`). */
  private emitIdentity(target: Target, credential: Credential, identity: HostIdentity, responseMs: number): void {
    if (!identity.imaging) this.summary.nonImaging++;
    if (identity.imaging || this.o.all) {
      this.summary.devices += identity.imaging ? 1 : 0;
      this.queue.push({ type: 'device', device: discoveredDevice(identity, target.host, target.port, credential.version, responseMs), credential });
    }
  }

  private fail(problem: HostProblem): void {
    this.summary.problems++;
    this.queue.push({ type: 'problem', problem: { ...problem, detail: scrub(problem.detail) } });
  }

  // A host that answered the sweep is alive: a silence now is almost surely a lost packet.
  private clientFor(target: Target, credential: Credential, extraRetries: number): SnmpClient {
    return new SnmpClient(this.transport, {
      host: target.host,
      port: target.port,
      family: target.family,
      credential,
      timeoutMs: this.o.timeoutMs,
      retries: this.o.retries + extraRetries,
      budget: new Budget(this.o.identifyBudget ?? IDENTIFY_BUDGET, 'identification'),
    });
  }

  private async identifyResponder(reply: SweepReply, lastChance = false): Promise<void> {
    const client = this.clientFor(reply.target, reply.credential, RESPONDER_EXTRA_RETRIES);
    let retryLater = false;
    try {
      const known = reply.message.errorStatus === 0 ? systemGroup(reply.message.varbinds) : undefined;
      this.emitIdentity(reply.target, reply.credential, await identifyHost(client, this.o.profiles, known), reply.rttMs);
    } catch (err) {
      retryLater = !lastChance && err instanceof SnmpRequestError && err.failure === 'timeout';
      if (retryLater) this.quietResponders.push(reply);
      else this.fail(problemFrom(reply.target, err));
    } finally {
      client.close();
      if (!retryLater) this.done++;
    }
  }

  private track(p: Promise<void>): void {
    this.identifications.add(p);
    void p.finally(() => this.identifications.delete(p));
  }

  /** SNMPv3 has no cheap sweep: each address gets a session, a bounded number at once. */
  private async probeV3Range(targets: TargetSet, credential: V3Credential): Promise<void> {
    const iterator = counted(targets, () => this.probed++);
    const worker = async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) await this.probeV3(next.value, credential);
    };
    await Promise.all(Array.from({ length: this.sessionConcurrency() }, worker));
  }

  private async probeV3(target: Target, credential: V3Credential): Promise<void> {
    const client = this.clientFor(target, credential, 0);
    const t0 = performance.now();
    let answered = false;
    try {
      const system = systemGroup((await client.get(SYSTEM_OIDS)).values());
      answered = true;
      this.emitIdentity(target, credential, await identifyHost(client, this.o.profiles, system), performance.now() - t0);
    } catch (err) {
      // Anything but silence means the host answered: an authFailed host answered discovery at least.
      const silent = err instanceof SnmpRequestError && err.failure === 'timeout';
      answered ||= !silent;
      if (!silent) this.fail(problemFrom(target, err));
    } finally {
      if (answered) this.summary.responded++;
      client.close();
      this.done++;
    }
  }

  /** Sweeps a community range, then the silent addresses again while the responders suggest hosts are still missing. */
  private async sweepRange(plan: RangePlan): Promise<void> {
    const answered = new Set<string>();
    const loss = new LossEstimate();
    const retries = this.pace.retries ?? 0;
    const first: Pass = { answered, loss, path: {} };
    await this.sweepPass(plan, counted(plan.targets, () => this.probed++), retries, first);
    // Where the first pace outran the path, the silent addresses are asked again at the pace it found.
    if (first.suspect?.length) await this.sweepPass(plan, silent(plan.targets, answered, first.suspect), 0, { answered, path: first.path });
    const most = Math.max(MAX_PROBES, retries + 1 + MAX_EXTRA_PASSES);
    for (let probes = retries + 1; probes < most && loss.worthAnotherPass(probes); probes++) {
      await this.sweepPass(plan, silent(plan.targets, answered), 0, { answered, path: first.path });
    }
    this.noteLoss(loss);
  }

  /** Adds a range's loss to the summary (what `finish` makes of it: see `lossSeen`). */
  private noteLoss(range: LossEstimate): void {
    const total = this.summary.loss;
    const { sentinels, sentinelsLost, answeredLate } = range.counts;
    total.sentinels += sentinels;
    total.sentinelsLost += sentinelsLost;
    total.answeredLate += answeredLate;
    total.estimate = Math.max(total.estimate, Math.round(range.loss * 1000) / 1000);
  }

  /** One sweep over `targets`; `loss` is given on the first pass only, which counts outcomes and learns the loss. */
  private async sweepPass(plan: RangePlan, targets: Iterable<Target>, retries: number, pass: Pass): Promise<void> {
    const first = pass.loss !== undefined;
    const stats = await sweep(this.transport, targets, {
      oids: SYSTEM_OIDS,
      families: plan.targets.families,
      credentials: plan.communities,
      timeoutMs: this.o.timeoutMs,
      retries,
      concurrency: this.o.concurrency,
      rate: this.o.rate,
      sparseRate: this.pace.sparseRate,
      adaptive: this.pace.sparseRate !== undefined,
      learned: pass.path.learned,
      sentinels: first && this.pace.retries === undefined,
      admit: this.admit,
      onReply: (reply) => {
        this.summary.responded++;
        pass.answered.add(`${reply.target.host}:${reply.target.port}`);
        // A host first silent, then answering in a later pass, was counted done already; identification counts it again.
        if (first) pass.loss!.note(reply.attempt);
        else {
          this.done--;
          this.foundLater++;
        }
        this.track(this.sessions(() => this.identifyResponder(reply)));
      },
      onFailure: (target, failure, detail) => {
        if (first) this.done++;
        // A host that answered garbage did answer: a later pass over the silent ones skips it, so it is reported once.
        if (failure === 'malformedReply') pass.answered.add(`${target.host}:${target.port}`);
        if (failure !== 'timeout') this.fail({ ip: target.host, port: target.port, problem: failure, detail: detail ?? failureText[failure] });
      },
    });
    this.summary.probesSent += stats.probesSent;
    pass.loss?.noteSentinels(stats.sentinels, stats.sentinelsLost);
    pass.suspect = stats.suspect;
    // A later pass starts at the pace this one found.
    pass.path.learned = stats.learned;
  }
}

/** The targets that have not answered yet (within `only`, by order, if given), lazily: a /16 is never copied. */
function* silent(targets: Iterable<Target>, answered: ReadonlySet<string>, only?: readonly Stretch[]): Generator<Target> {
  let i = 0;
  for (const t of targets) {
    const wanted = !only || only.some(([from, to]) => i >= from && i < to);
    i++;
    if (wanted && !answered.has(`${t.host}:${t.port}`)) yield t;
  }
}

const failureText = {
  malformedReply: 'answered with bytes that are not a valid SNMP message',
  noRoute: 'no socket for this address family on this machine',
} as const;

/** The items as they are pulled, counting each: the sweep pulls an address when it sends its first probe. */
function* counted<T>(items: Iterable<T>, count: () => void): Generator<T> {
  for (const item of items) {
    count();
    yield item;
  }
}

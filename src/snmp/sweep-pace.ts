/**
 * The sweep's pace when the user set none, found the way congestion control finds it: start
 * moderate, double while nothing pushes back, then grow by a tenth; cut back when sends fail
 * (ENOBUFS, EAGAIN), when probes wait in our own socket (a slow link on this machine), or when
 * answers show a standing queue (their least round trip well above the least ever seen: a slow
 * link further on). A pure function of the signals it is fed, so a test drives it with a fake clock.
 */
export const START_RATE = 10_000;
const MIN_RATE = 500;
/** how often the pace is reconsidered */
export const WINDOW_MS = 50;
const GROWTH = 1.1;
/** after a failed send: the kernel has no room at all */
const SEND_FAILED_CUT = 0.5;
/** after a queue (in our socket or on the path): it drains while we send less; a cut by half cost 5 Mbit/s links about a tenth more time in the field lab */
const QUEUE_CUT = 0.7;
/** probes waiting in our socket worth this long at the current pace: back-pressure */
const SOCKET_QUEUE_MS = 20;
const MIN_SOCKET_QUEUE = 256;
/** of the pace probes left a back-pressured socket at: a little under, so the queue drains */
const LINK_SHARE = 0.9;
/** a least round trip this much above the least ever seen, over RTT_SAMPLES answers, is a queue on the path */
const STANDING_QUEUE_MS = 10;
const RTT_SAMPLES = 4;
/** windows after a cut before a queue is judged again */
const HOLD_WINDOWS = 2;
/** a pace the sender did not reach is not evidence the path can take more */
const USED_SHARE = 0.8;
/** probes before any answer at all: a stretch of empty addresses, which says nothing against a faster pace */
const EMPTY_STRETCH = 2000;

/** What one pass hands the next about the path. */
export interface Learned {
  rate?: number;
  baseRtt?: number;
}

export interface PaceWindow {
  /** when the window ends (ms) */
  now: number;
  /** probes sent in the window */
  sent: number;
  /** sends that failed in the window */
  sendErrors: number;
  /** probes waiting in our socket now */
  queued: number;
  /** probes that left our socket in the window: with probes waiting there, the pace of the link */
  left: number;
  /** addresses started so far (their order in the sweep) */
  started: number;
}

/** Addresses [from, to) in the order swept. */
export type Stretch = readonly [from: number, to: number];

export class PaceController {
  private current: number;
  private doubling = true;
  private windowStart: number;
  private baseRtt = Infinity;
  private windowRtt = Infinity;
  private rttSamples = 0;
  /** windows left before a queue is judged again: what was queued before a cut drains first */
  private hold = 0;
  /** probes sent since the last answer, and whether any answer came (after one, only answers speed the pace up) */
  private silentProbes = 0;
  private answered = false;
  /**
   * Where probes may have been lost to our own pace: the addresses started since the path last
   * looked clear, up to each cut. A slow agent (one process answering for many addresses) looks
   * like a queue too, so the stretches are swept again, not the whole range.
   */
  private readonly lost: Stretch[] = [];
  /** addresses started when the path last looked clear, and at the window before this one */
  private settled = 0;
  private startedBefore = 0;

  /**
   * `from`: what an earlier pass over the same path learned (its pace and least round trip); a
   * later pass keeps under that pace, which the path carried, instead of probing past it again.
   */
  private readonly cap: number;

  constructor(cap: number, now: number, from: Learned = {}) {
    this.cap = Math.min(cap, from.rate ?? cap);
    this.doubling = from.rate === undefined;
    this.current = Math.min(this.cap, from.rate ?? START_RATE);
    this.baseRtt = from.baseRtt ?? Infinity;
    this.answered = from.baseRtt !== undefined;
    this.windowStart = now;
  }

  get learned(): Learned {
    return { rate: this.current, baseRtt: Number.isFinite(this.baseRtt) ? this.baseRtt : undefined };
  }

  /** Probes per second now. */
  get rate(): number {
    return this.current;
  }

  /** Whether a window has ended by `now`: time to call `update`. */
  due(now: number): boolean {
    return now - this.windowStart >= WINDOW_MS;
  }

  /** One answer's round trip (first probes only: a retransmission's answer may be to the first). */
  noteRtt(ms: number): void {
    if (ms < this.baseRtt) this.baseRtt = ms;
    if (ms < this.windowRtt) this.windowRtt = ms;
    this.rttSamples++;
    this.silentProbes = 0;
    this.answered = true;
  }

  /** The window's signals in, the pace for the next window out. */
  update(w: PaceWindow): number {
    const seconds = (w.now - this.windowStart) / 1000;
    const startedBefore = this.startedBefore;
    this.windowStart = w.now;
    this.startedBefore = w.started;
    this.silentProbes += w.sent;
    // A failed send loses the probes of this window; a full socket only delays them (their wait starts when they leave).
    if (w.sendErrors > 0) return this.cut(SEND_FAILED_CUT, [startedBefore, w.started]);
    if (this.hold > 0) {
      this.hold--;
      return this.current;
    }
    // Probes wait in our socket: the link takes what leaves it, and that is the pace to keep.
    if (w.queued > Math.max(MIN_SOCKET_QUEUE, (this.current * SOCKET_QUEUE_MS) / 1000)) return this.cut(Math.min(QUEUE_CUT, (w.left * LINK_SHARE) / seconds / this.current));
    const verdict = this.pathVerdict();
    if (verdict === 'queue') {
      const stretch: Stretch = [this.settled, w.started];
      this.settled = w.started;
      return this.cut(QUEUE_CUT, stretch);
    }
    // The answers that cleared the path are to probes sent a window or so ago.
    if (verdict === 'clear') this.settled = Math.max(this.settled, startedBefore);
    // Faster only on evidence: answers came back without a queue, or a long stretch before any answer
    // (once hosts have answered, silence may be their answers lost).
    const kept = verdict === 'clear' || (!this.answered && this.silentProbes >= EMPTY_STRETCH);
    if (kept && w.sent >= this.current * seconds * USED_SHARE) {
      this.current = Math.min(this.cap, this.current * (this.doubling ? 2 : GROWTH));
      this.silentProbes = 0;
    }
    return this.current;
  }

  /** Judged once RTT_SAMPLES answers are in (a sparse network has few per window), then counted afresh. */
  private pathVerdict(): 'queue' | 'clear' | 'unknown' {
    if (this.rttSamples < RTT_SAMPLES) return 'unknown';
    const queued = this.windowRtt > this.baseRtt + STANDING_QUEUE_MS;
    this.windowRtt = Infinity;
    this.rttSamples = 0;
    return queued ? 'queue' : 'clear';
  }

  /** The addresses whose probes may have been lost to our own pace, in the order swept. */
  get suspect(): readonly Stretch[] {
    return this.lost;
  }

  private cut(factor: number, lost?: Stretch): number {
    if (lost && lost[1] > lost[0]) this.lost.push(lost);
    this.doubling = false;
    this.hold = HOLD_WINDOWS;
    this.windowRtt = Infinity;
    this.rttSamples = 0;
    this.current = Math.max(MIN_RATE, this.current * factor);
    return this.current;
  }
}

/** probes sent before the share of answers is trusted to call a network sparse */
export const SPARSE_SAMPLE = 1000;
/** sparse: fewer answers than one per this many probes */
const SPARSE_SHARE = 50;
/** dense: at least one answer per this many probes; there the agents' own delay would steer a controller */
export const DENSE_SHARE = 4;
const UNPACED_BATCH = 512;

export interface PaceOptions {
  /** packets per second; 0 sends as fast as the event loop allows */
  rate: number;
  /** a higher cap while few addresses answer */
  sparseRate?: number;
  /** find the pace under the cap (PaceController); a dense network keeps the fixed `rate` */
  adaptive?: boolean;
  /** what an earlier pass learned: where an adaptive pace starts (START_RATE otherwise) */
  learned?: Learned;
}

/** What the sweep has done so far, as the pacer reads it. */
export interface SweepCounts {
  started: number;
  sent: number;
  replies: number;
  sendErrors: number;
  /** probes waiting in our sockets */
  queued: number;
}

export function isDense(c: Pick<SweepCounts, 'sent' | 'replies'>): boolean {
  return c.sent >= SPARSE_SAMPLE && c.replies * DENSE_SHARE >= c.sent;
}

/** A token bucket whose rate is fixed, raised while the network looks sparse, or found by a PaceController. */
export class SweepPacer {
  private tokens = 0;
  private lastRefill: number;
  private readonly burst: number;
  private readonly controller?: PaceController;
  private windowSent = 0;
  private windowErrors = 0;
  private windowQueued = 0;

  constructor(
    private readonly options: PaceOptions,
    now: number,
  ) {
    this.lastRefill = now;
    const cap = Math.max(options.rate, options.sparseRate ?? 0);
    this.burst = options.rate > 0 ? Math.max(1, Math.ceil(cap / 200)) : UNPACED_BATCH;
    if (options.adaptive && options.rate > 0) this.controller = new PaceController(cap, now, options.learned);
  }

  /** How many probes may leave now. */
  budget(now: number, counts: SweepCounts): number {
    if (this.options.rate <= 0) return UNPACED_BATCH;
    if (this.controller?.due(now)) {
      const { started, queued } = counts;
      const sent = counts.sent - this.windowSent;
      // What left our sockets: what was sent, less what joined the queue in them.
      const left = Math.max(0, sent - (queued - this.windowQueued));
      this.controller.update({ now, started, queued, sent, left, sendErrors: counts.sendErrors - this.windowErrors });
      this.windowSent = counts.sent;
      this.windowQueued = queued;
      this.windowErrors = counts.sendErrors;
    }
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) * this.rate(counts)) / 1000);
    this.lastRefill = now;
    return Math.floor(this.tokens);
  }

  spend(used: number): void {
    if (this.options.rate > 0) this.tokens -= used;
  }

  /** Whether a pump that used its whole budget should wait for tokens rather than run again at once. */
  get paced(): boolean {
    return this.options.rate > 0;
  }

  noteRtt(ms: number): void {
    this.controller?.noteRtt(ms);
  }

  /** The pace found (adaptive) and the least round trip, for a later pass. */
  get learned(): Learned | undefined {
    return this.controller?.learned;
  }

  /** The addresses whose probes may have been lost to our own pace (PaceController.suspect). */
  get suspect(): readonly Stretch[] {
    return this.controller?.suspect ?? [];
  }

  private rate(c: SweepCounts): number {
    const { rate, sparseRate } = this.options;
    if (isDense(c)) return rate;
    const sparse = sparseRate !== undefined && (c.sent < SPARSE_SAMPLE || c.replies * SPARSE_SHARE < c.sent);
    const cap = sparse ? sparseRate : rate;
    return this.controller ? Math.min(cap, this.controller.rate) : cap;
  }
}

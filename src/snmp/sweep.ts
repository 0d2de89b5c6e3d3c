/**
 * The stage-1 sweep engine: one GET per address over the shared socket, with every
 * in-flight probe's state in typed arrays. Probes are copies of a fixed template per
 * credential; the request id is a keyed permutation of (slot, generation), so a reply
 * names its slot without a lookup table and an off-path sender cannot guess valid ids.
 */
import type dgram from 'node:dgram';
import type { Target } from '../targets/target-set.js';
import { buildGetTemplate, peekRequestId, type Message, type ProbeTemplate } from './ber.js';
import { checkReply, UNUSABLE_REPLIES, type ProbeShape } from './sweep-reply.js';
import { ExpiryQueue, IdPermutation, ResendQueue } from './sweep-slots.js';
import { isDense, SweepPacer } from './sweep-pace.js';
import { SourceIndex } from './sweep-sources.js';
import type { UdpTransport } from './transport.js';
import type { SweepOptions, SweepStats } from './sweep-options.js';

const ID_BITS = 30;
/** how soon a sweep held back by `admit` asks again */
const ADMIT_POLL_MS = 5;
/**
 * The first answers all get a sentinel (a small network has few), then one per SENTINEL_SPACING
 * probes at most, spread over the sweep (an agent overrun late in a sweep shows late), MAX_SENTINELS in all.
 */
const SENTINELS_FIRST = 16;
const SENTINEL_SPACING = 512;
const MAX_SENTINELS = 256;
/** slotSentinel: a regular probe, a sentinel awaiting its answer, a sentinel past its timeout still awaiting one */
const REGULAR = 0;
const SENTINEL = 1;
const OVERDUE = 2;

export async function sweep(transport: UdpTransport, targets: Iterable<Target>, options: SweepOptions): Promise<SweepStats> {
  const sockets = new Map<4 | 6, dgram.Socket>();
  for (const family of options.families) {
    const sock = await transport.socket(family).catch(() => undefined);
    if (sock) sockets.set(family, sock);
  }
  const run = new SweepRun(transport, sockets, targets[Symbol.iterator](), options);
  const unclaim = transport.claim(run.claim);
  const droppedBefore = transport.stats.unexpected;
  try {
    run.pump();
    await run.done;
  } finally {
    unclaim();
    run.stats.dropped += transport.stats.unexpected - droppedBefore;
  }
  return run.stats;
}

/** One sweep in progress: the slots of the probes in flight, the pace, and the expiry of each probe. */
class SweepRun {
  readonly stats: SweepStats = { addresses: 0, replies: 0, probesSent: 0, malformed: 0, dropped: 0, sentinels: 0, sentinelsLost: 0, suspect: [] };
  readonly done: Promise<void>;
  private finish!: () => void;

  private readonly capacity: number;
  private readonly slotBits: number;
  private readonly slotMask: number;
  private readonly genMask: number;
  private readonly permutation = new IdPermutation();
  private readonly templates: ProbeTemplate[];
  private readonly shapes: ProbeShape[];

  private readonly slotTarget: (Target | undefined)[];
  private readonly slotGen: Int32Array;
  private readonly slotSeq: Int32Array;
  private readonly slotAttempt: Uint8Array;
  private readonly slotCred: Uint8Array;
  /** 0, or 1 + the index in UNUSABLE_REPLIES of the last unusable reply the slot's host sent */
  private readonly slotMalformed: Uint8Array;
  private readonly slotSentAt: Float64Array;
  private readonly slotSentinel: Uint8Array;
  private readonly freeSlots: Int32Array;
  private freeCount: number;
  /** the regular probes in flight by address: names the sender of a reply too broken to carry an id */
  private readonly sources: SourceIndex;
  /** sentinels past their timeout: the sweep ends without them, and counts them lost */
  private overdue = 0;
  private nextSentinelAt = 0;

  private readonly expiries = new ExpiryQueue();
  private readonly resend: ResendQueue;
  private exhausted = false;
  private active = 0;
  private seqCounter = 0;

  private readonly pacer: SweepPacer;
  private readonly sockList: dgram.Socket[];
  private expiryTimer: NodeJS.Timeout | undefined;
  private pumpPending = false;

  constructor(
    private readonly transport: UdpTransport,
    private readonly sockets: ReadonlyMap<4 | 6, dgram.Socket>,
    private readonly iterator: Iterator<Target>,
    private readonly options: SweepOptions,
  ) {
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
    const capacity = Math.max(1, Math.min(options.concurrency, 1 << 20));
    this.capacity = capacity;
    this.slotBits = Math.max(1, Math.ceil(Math.log2(capacity)));
    this.slotMask = (1 << this.slotBits) - 1;
    this.genMask = (1 << (ID_BITS - this.slotBits)) - 1;
    this.templates = options.credentials.map((c) => buildGetTemplate(c.version === '1' ? 0 : 1, c.community, options.oids));
    this.shapes = options.credentials.map((c) => ({ version: c.version === '1' ? 0 : 1, community: Buffer.from(c.community, 'utf8'), oids: options.oids }));
    this.slotTarget = new Array(capacity);
    this.slotGen = new Int32Array(capacity);
    this.slotSeq = new Int32Array(capacity);
    this.slotAttempt = new Uint8Array(capacity);
    this.slotCred = new Uint8Array(capacity);
    this.slotMalformed = new Uint8Array(capacity);
    this.slotSentAt = new Float64Array(capacity);
    this.slotSentinel = new Uint8Array(capacity);
    this.sources = new SourceIndex(capacity, (slot) => this.slotTarget[slot]!);
    this.freeSlots = new Int32Array(capacity);
    this.resend = new ResendQueue(capacity);
    this.freeCount = capacity;
    for (let i = 0; i < capacity; i++) this.freeSlots[i] = capacity - 1 - i;
    this.pacer = new SweepPacer(options, performance.now());
    this.sockList = [...sockets.values()];
  }

  private release(slot: number): void {
    if (this.slotSentinel[slot] === REGULAR) this.sources.remove(slot);
    this.slotSentinel[slot] = REGULAR;
    this.resend.drop(slot);
    this.slotTarget[slot] = undefined;
    this.slotGen[slot] = (this.slotGen[slot] + 1) & this.genMask;
    this.freeSlots[this.freeCount++] = slot;
    this.active--;
  }

  private send(slot: number): void {
    const target = this.slotTarget[slot]!;
    const sock = this.sockets.get(target.family);
    if (!sock) {
      this.release(slot);
      this.options.onFailure?.(target, 'noRoute');
      return;
    }
    const template = this.templates[this.slotCred[slot]];
    const probe = Buffer.allocUnsafe(template.bytes.length);
    template.bytes.copy(probe);
    const id = 0x40000000 | this.permutation.forward(((this.slotGen[slot] << this.slotBits) | slot) >>> 0);
    probe.writeUInt32BE(id, template.requestIdOffset);
    const seq = ++this.seqCounter | 0;
    this.slotSeq[slot] = seq;
    const now = performance.now();
    if (this.slotAttempt[slot] === 0) this.slotSentAt[slot] = now;
    this.expiries.push(slot, seq, now + this.options.timeoutMs);
    this.transport.sendOn(sock, probe, target.port, target.host);
    this.stats.probesSent++;
    this.armExpiry();
  }

  /** A probe's wait ended without an answer: ask again, try the next community, or give the host up. */
  private readonly onExpired = (slot: number, seq: number): void => {
    if (this.slotTarget[slot] === undefined || this.slotSeq[slot] !== seq) return;
    if (this.slotSentinel[slot] === SENTINEL) {
      this.slotSentinel[slot] = OVERDUE;
      this.overdue++;
      return;
    }
    if (this.slotAttempt[slot] < this.retries()) {
      this.slotAttempt[slot]++;
      this.resend.push(slot);
      return;
    }
    // Another community is only worth trying on a host that said nothing at all.
    if (!this.slotMalformed[slot] && this.slotCred[slot] < this.templates.length - 1) {
      this.slotCred[slot]++;
      this.slotAttempt[slot] = 0;
      this.resend.push(slot);
      return;
    }
    const target = this.slotTarget[slot]!;
    const unusable = this.slotMalformed[slot];
    this.release(slot);
    if (unusable) this.options.onFailure?.(target, 'malformedReply', UNUSABLE_REPLIES[unusable - 1]);
    else this.options.onFailure?.(target, 'timeout');
  };

  private armExpiry(): void {
    if (this.expiryTimer || this.expiries.length === 0) return;
    const delay = Math.max(0, this.expiries.headTime() - performance.now());
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.expiries.drain(performance.now(), this.onExpired);
      this.armExpiry();
      this.schedulePump();
    }, delay + 1);
  }

  private schedulePump(delayMs = 0): void {
    if (this.pumpPending) return;
    this.pumpPending = true;
    if (delayMs > 0) setTimeout(this.pump, delayMs);
    else setImmediate(this.pump);
  }

  /** How many probes may leave now. */
  private budget(): number {
    let queued = 0;
    for (const sock of this.sockList) queued += sock.getSendQueueCount();
    const { probesSent: sent, replies, addresses: started } = this.stats;
    return this.pacer.budget(performance.now(), { started, sent, replies, sendErrors: this.transport.stats.sendErrors, queued });
  }

  /** Takes the next address into a free slot; false when the targets are exhausted. */
  private startNext(): boolean {
    const next = this.iterator.next();
    if (next.done) {
      this.exhausted = true;
      return false;
    }
    const slot = this.freeSlots[--this.freeCount];
    this.slotTarget[slot] = next.value;
    this.slotAttempt[slot] = 0;
    this.slotCred[slot] = 0;
    this.slotMalformed[slot] = 0;
    this.sources.add(slot);
    this.active++;
    this.stats.addresses++;
    this.send(slot);
    return true;
  }

  /** Sends what the pace allows (retransmissions first), then schedules itself or ends the sweep. */
  readonly pump = (): void => {
    this.pumpPending = false;
    const budget = this.budget();
    let used = 0;
    while (used < budget) {
      const again = this.resend.shift();
      if (again >= 0) this.send(again);
      else if (this.exhausted || this.freeCount === 0 || this.held() || !this.startNext()) break;
      used++;
    }
    this.pacer.spend(used);
    const more = this.resend.length > 0 || (!this.exhausted && this.freeCount > 0);
    if (more && this.held()) this.schedulePump(ADMIT_POLL_MS);
    else if (more) this.schedulePump(this.pacer.paced && used >= budget ? 1 : 0);
    if (this.exhausted && this.active === this.overdue) {
      if (this.expiryTimer) clearTimeout(this.expiryTimer);
      this.stats.sentinelsLost = this.overdue;
      this.stats.learned = this.pacer.learned;
      this.stats.suspect = this.pacer.suspect;
      this.finish();
    }
  };

  private held(): boolean {
    return this.options.admit?.() === false;
  }

  private wantsSentinel(): boolean {
    const { replies, sentinels, probesSent } = this.stats;
    if (this.options.sentinels !== true || this.freeCount === 0 || sentinels >= MAX_SENTINELS) return false;
    if (replies > SENTINELS_FIRST && probesSent < this.nextSentinelAt) return false;
    this.nextSentinelAt = probesSent + SENTINEL_SPACING;
    return true;
  }

  /**
   * Retransmissions to a silent address: as asked; a sweep that learns the loss from sentinels
   * retries once where most addresses answer (an agent for every address drops what it cannot keep up with).
   */
  private retries(): number {
    const { options, stats } = this;
    if (!options.sentinels) return options.retries;
    return isDense({ sent: stats.probesSent, replies: stats.replies }) ? Math.max(1, options.retries) : options.retries;
  }

  /** Queues one more probe to a host that just answered, with the credential it answered to. */
  private startSentinel(target: Target, cred: number): void {
    const slot = this.freeSlots[--this.freeCount];
    this.slotTarget[slot] = target;
    this.slotAttempt[slot] = 0;
    this.slotCred[slot] = cred;
    this.slotMalformed[slot] = 0;
    this.slotSentinel[slot] = SENTINEL;
    this.active++;
    this.stats.sentinels++;
    this.resend.push(slot);
  }

  /** Any answer to a sentinel, however late or broken, shows the path carried it. */
  private sentinelAnswered(slot: number): true {
    if (this.slotSentinel[slot] === OVERDUE) this.overdue--;
    this.release(slot);
    this.settle();
    return true;
  }

  /** After an answer: more to send, or the end of the sweep. */
  private settle(): void {
    if (!this.exhausted || this.resend.length > 0) this.schedulePump();
    else if (this.active === this.overdue) this.pump();
  }

  private unusable(slot: number, reason: number): true {
    this.stats.malformed++;
    this.slotMalformed[slot] = reason + 1;
    return true;
  }

  /** The slot a reply's request id names, if that probe is still in flight and was sent to the reply's source. */
  private slotOf(id: number, rinfo: dgram.RemoteInfo): number | undefined {
    if (id < 0x40000000 || id > 0x7fffffff) return undefined;
    const index = this.permutation.inverse(id & 0x3fffffff);
    const slot = index & this.slotMask;
    const target = slot < this.capacity ? this.slotTarget[slot] : undefined;
    if (!target || this.slotGen[slot] !== index >>> this.slotBits || target.host !== rinfo.address || target.port !== rinfo.port) return undefined;
    return slot;
  }

  /** The transport's claimer: takes the replies that answer a probe in flight. */
  readonly claim = (msg: Buffer, rinfo: dgram.RemoteInfo): boolean => {
    let id: number;
    try {
      id = peekRequestId(msg);
    } catch {
      // Too broken to carry an id: still the answer of a host we are waiting for, if it sent it.
      const slot = this.sources.find(rinfo.address, rinfo.port);
      return slot < 0 ? false : this.unusable(slot, 0);
    }
    const slot = this.slotOf(id, rinfo);
    if (slot === undefined) return false;
    if (this.slotSentinel[slot] !== REGULAR) return this.sentinelAnswered(slot);
    const target = this.slotTarget[slot]!;
    const cred = this.slotCred[slot];
    const message: Message | number = checkReply(msg, this.shapes[cred]);
    if (typeof message === 'number') return this.unusable(slot, message);
    const rttMs = performance.now() - this.slotSentAt[slot];
    const attempt = this.slotAttempt[slot];
    if (attempt === 0) this.pacer.noteRtt(rttMs);
    this.release(slot);
    this.stats.replies++;
    this.options.onReply({ target, credential: this.options.credentials[cred], message, rttMs, attempt });
    if (this.wantsSentinel()) this.startSentinel(target, cred);
    this.settle();
    return true;
  };
}

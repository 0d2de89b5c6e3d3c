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
import { ExpiryQueue, IdPermutation } from './sweep-slots.js';
import type { UdpTransport } from './transport.js';
import type { CommunityCredential } from '../targets/scan-range.js';

export interface SweepReply {
  target: Target;
  credential: CommunityCredential;
  message: Message;
  rttMs: number;
  /** 0 when the first probe was answered: the share of later ones measures the path's loss */
  attempt: number;
}

/** `noRoute`: this machine has no socket for the address family (e.g. no IPv6). */
export type SweepFailure = 'timeout' | 'malformedReply' | 'noRoute';

export interface SweepOptions {
  oids: string[];
  /** address families the targets use; one socket each is opened up front */
  families: ReadonlySet<4 | 6>;
  credentials: CommunityCredential[];
  timeoutMs: number;
  retries: number;
  /** most probes awaiting an answer at once */
  concurrency: number;
  /** packets per second; 0 sends as fast as the event loop allows */
  rate: number;
  /**
   * a higher rate while few addresses answer (under 1 in 50 probes): replies are what a fast
   * sweep loses, and a sparse network sends few
   */
  sparseRate?: number;
  onReply: (reply: SweepReply) => void;
  /** `detail` says what was wrong with a host's replies (malformedReply) */
  onFailure?: (target: Target, failure: SweepFailure, detail?: string) => void;
}

export interface SweepStats {
  addresses: number;
  replies: number;
  probesSent: number;
  malformed: number;
  /** replies whose id or source matched no probe, and repeats of a reply already taken */
  dropped: number;
}

const ID_BITS = 30;
const UNPACED_BATCH = 512;
/** probes sent before the share of answers is trusted to call a network sparse */
const SPARSE_SAMPLE = 1000;
/** sparse: fewer answers than one per this many probes */
const SPARSE_SHARE = 50;

export async function sweep(transport: UdpTransport, targets: Iterable<Target>, options: SweepOptions): Promise<SweepStats> {
  const capacity = Math.max(1, Math.min(options.concurrency, 1 << 20));
  const slotBits = Math.max(1, Math.ceil(Math.log2(capacity)));
  const slotMask = (1 << slotBits) - 1;
  const genMask = (1 << (ID_BITS - slotBits)) - 1;
  const permutation = new IdPermutation();
  const templates: ProbeTemplate[] = options.credentials.map((c) =>
    buildGetTemplate(c.version === '1' ? 0 : 1, c.community, options.oids),
  );
  const shapes: ProbeShape[] = options.credentials.map((c) => ({
    version: c.version === '1' ? 0 : 1,
    community: Buffer.from(c.community, 'utf8'),
    oids: options.oids,
  }));
  const sockets = new Map<4 | 6, dgram.Socket>();

  const slotTarget: (Target | undefined)[] = new Array(capacity);
  const slotGen = new Int32Array(capacity);
  const slotSeq = new Int32Array(capacity);
  const slotAttempt = new Uint8Array(capacity);
  const slotCred = new Uint8Array(capacity);
  /** 0, or 1 + the index in UNUSABLE_REPLIES of the last unusable reply the slot's host sent */
  const slotMalformed = new Uint8Array(capacity);
  const slotSentAt = new Float64Array(capacity);
  const freeSlots = new Int32Array(capacity);
  /** address and port → slot of each probe in flight: names the sender of a reply too broken to carry an id */
  const inFlight = new Map<string, number>();
  const sourceKey = (host: string, port: number) => `${host}|${port}`;
  let freeCount = capacity;
  for (let i = 0; i < capacity; i++) freeSlots[i] = capacity - 1 - i;

  const expiries = new ExpiryQueue();
  const resend: number[] = [];
  const iterator = targets[Symbol.iterator]();
  let exhausted = false;
  let active = 0;
  let seqCounter = 0;
  const stats: SweepStats = { addresses: 0, replies: 0, probesSent: 0, malformed: 0, dropped: 0 };

  let tokens = 0;
  let lastRefill = performance.now();
  const sparse = () => options.sparseRate !== undefined && (stats.probesSent < SPARSE_SAMPLE || stats.replies * SPARSE_SHARE < stats.probesSent);
  const rateNow = () => (sparse() ? options.sparseRate! : options.rate);
  const burst = options.rate > 0 ? Math.max(1, Math.ceil(Math.max(options.rate, options.sparseRate ?? 0) / 200)) : UNPACED_BATCH;

  let expiryTimer: NodeJS.Timeout | undefined;
  let pumpPending = false;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const release = (slot: number) => {
    const target = slotTarget[slot]!;
    if (inFlight.get(sourceKey(target.host, target.port)) === slot) inFlight.delete(sourceKey(target.host, target.port));
    slotTarget[slot] = undefined;
    slotGen[slot] = (slotGen[slot] + 1) & genMask;
    freeSlots[freeCount++] = slot;
    active--;
  };

  const send = (slot: number) => {
    const target = slotTarget[slot]!;
    const sock = sockets.get(target.family);
    if (!sock) {
      release(slot);
      options.onFailure?.(target, 'noRoute');
      return;
    }
    const template = templates[slotCred[slot]];
    const probe = Buffer.allocUnsafe(template.bytes.length);
    template.bytes.copy(probe);
    const id = 0x40000000 | permutation.forward(((slotGen[slot] << slotBits) | slot) >>> 0);
    probe.writeUInt32BE(id, template.requestIdOffset);
    const seq = ++seqCounter | 0;
    slotSeq[slot] = seq;
    const now = performance.now();
    if (slotAttempt[slot] === 0) slotSentAt[slot] = now;
    expiries.push(slot, seq, now + options.timeoutMs);
    transport.sendOn(sock, probe, target.port, target.host);
    stats.probesSent++;
    armExpiry();
  };

  const onExpired = (slot: number, seq: number) => {
    if (slotTarget[slot] === undefined || slotSeq[slot] !== seq) return;
    if (slotAttempt[slot] < options.retries) {
      slotAttempt[slot]++;
      resend.push(slot);
      return;
    }
    // Another community is only worth trying on a host that said nothing at all.
    if (!slotMalformed[slot] && slotCred[slot] < templates.length - 1) {
      slotCred[slot]++;
      slotAttempt[slot] = 0;
      resend.push(slot);
      return;
    }
    const target = slotTarget[slot]!;
    const unusable = slotMalformed[slot];
    release(slot);
    if (unusable) options.onFailure?.(target, 'malformedReply', UNUSABLE_REPLIES[unusable - 1]);
    else options.onFailure?.(target, 'timeout');
  };

  function armExpiry() {
    if (expiryTimer || expiries.length === 0) return;
    const delay = Math.max(0, expiries.headTime() - performance.now());
    expiryTimer = setTimeout(() => {
      expiryTimer = undefined;
      expiries.drain(performance.now(), onExpired);
      armExpiry();
      schedulePump();
    }, delay + 1);
  }

  function schedulePump(delayMs = 0) {
    if (pumpPending) return;
    pumpPending = true;
    if (delayMs > 0) setTimeout(pump, delayMs);
    else setImmediate(pump);
  }

  function pump() {
    pumpPending = false;
    let budget: number;
    if (options.rate > 0) {
      const now = performance.now();
      tokens = Math.min(burst, tokens + ((now - lastRefill) * rateNow()) / 1000);
      lastRefill = now;
      budget = Math.floor(tokens);
    } else {
      budget = UNPACED_BATCH;
    }
    let used = 0;
    while (used < budget) {
      if (resend.length > 0) {
        send(resend.shift()!);
      } else if (!exhausted && freeCount > 0) {
        const next = iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const slot = freeSlots[--freeCount];
        slotTarget[slot] = next.value;
        slotAttempt[slot] = 0;
        slotCred[slot] = 0;
        slotMalformed[slot] = 0;
        inFlight.set(sourceKey(next.value.host, next.value.port), slot);
        active++;
        stats.addresses++;
        send(slot);
      } else {
        break;
      }
      used++;
    }
    if (options.rate > 0) tokens -= used;
    const more = resend.length > 0 || (!exhausted && freeCount > 0);
    if (more) schedulePump(options.rate > 0 && used >= budget ? 1 : 0);
    if (exhausted && active === 0) {
      if (expiryTimer) clearTimeout(expiryTimer);
      finish();
    }
  }

  const unusable = (slot: number, reason: number) => {
    stats.malformed++;
    slotMalformed[slot] = reason + 1;
    return true;
  };

  const claim = (msg: Buffer, rinfo: dgram.RemoteInfo): boolean => {
    let id: number;
    try {
      id = peekRequestId(msg);
    } catch {
      // Too broken to carry an id: still the answer of a host we are waiting for, if it sent it.
      const slot = inFlight.get(sourceKey(rinfo.address, rinfo.port));
      return slot === undefined ? false : unusable(slot, 0);
    }
    if (id < 0x40000000 || id > 0x7fffffff) return false;
    const index = permutation.inverse(id & 0x3fffffff);
    const slot = index & slotMask;
    const target = slot < capacity ? slotTarget[slot] : undefined;
    if (!target || slotGen[slot] !== index >>> slotBits || target.host !== rinfo.address || target.port !== rinfo.port) {
      return false;
    }
    const cred = slotCred[slot];
    const message: Message | number = checkReply(msg, shapes[cred]);
    if (typeof message === 'number') return unusable(slot, message);
    const rttMs = performance.now() - slotSentAt[slot];
    const attempt = slotAttempt[slot];
    release(slot);
    stats.replies++;
    options.onReply({ target, credential: options.credentials[cred], message, rttMs, attempt });
    if (!exhausted || resend.length > 0) schedulePump();
    else if (active === 0) pump();
    return true;
  };

  for (const family of options.families) {
    const sock = await transport.socket(family).catch(() => undefined);
    if (sock) sockets.set(family, sock);
  }
  const unclaim = transport.claim(claim);
  const droppedBefore = transport.stats.unexpected;
  try {
    pump();
    await done;
  } finally {
    unclaim();
    stats.dropped += transport.stats.unexpected - droppedBefore;
  }
  return stats;
}

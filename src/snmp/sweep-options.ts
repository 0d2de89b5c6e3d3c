/** What a sweep is asked to do, what it reports per host, and what it counts. */
import type { Target } from '../targets/target-set.js';
import type { Message } from './ber.js';
import type { Learned, Stretch } from './sweep-pace.js';
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
  /** find the pace under those caps from the answers and the socket (sweep-pace.ts); a dense network keeps `rate` */
  adaptive?: boolean;
  /** what an earlier pass over the same path learned: where an adaptive pace starts */
  learned?: Learned;
  onReply: (reply: SweepReply) => void;
  /** `detail` says what was wrong with a host's replies (malformedReply) */
  onFailure?: (target: Target, failure: SweepFailure, detail?: string) => void;
  /**
   * probe a sample of the hosts that answered once more, to learn the path's loss (SweepStats
   * sentinels); a sentinel answered late, even after its timeout, is a slow agent, not a loss
   */
  sentinels?: boolean;
  /** whether a new address may be started now (the caller's work on answers is bounded); asked again every few ms while not */
  admit?: () => boolean;
}

export interface SweepStats {
  addresses: number;
  replies: number;
  probesSent: number;
  malformed: number;
  /** replies whose id or source matched no probe, and repeats of a reply already taken */
  dropped: number;
  /** second probes sent to hosts that had answered, and those never answered by the end of the sweep */
  sentinels: number;
  sentinelsLost: number;
  /** adaptive: the pace at the end and the least round trip */
  learned?: Learned;
  /** adaptive: the addresses (in the order swept) whose probes may have been lost to a pace faster than the path carried */
  suspect: readonly Stretch[];
}

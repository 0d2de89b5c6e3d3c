/**
 * Every event union in one place. Each names what happened in the past tense or names the
 * thing it carries (`found`, `collected`, `problem`, `sealed`, `dropped`, `sent`…), and the
 * same word means the same thing in every union. The CLI renders them; the API passes them on.
 */
import type { ReadHints } from './collect/read-hints.js';
import type { CollectSummary, DeviceRecord } from './collect/types.js';
import type { DiscoverSummary } from './discover/types.js';
import type { DiscoveredDevice, HostProblem } from './identify/types.js';
import type { PrivacyLevel } from './report/privacy-levels.js';
import type { Report, SentReport } from './report/types.js';
import type { Credential } from './targets/scan-range.js';
import type { SpoolEntry, SpoolLimits } from './upload/spool.js';

/** `probed`: addresses sent a first probe; `done`: addresses whose outcome (answer, silence, problem) is known */
export type ProgressEvent = { type: 'progress'; probed: number; done: number; total: number; found: number };

/** What a running discover reports. */
export type DiscoverEvent =
  | ProgressEvent
  | { type: 'device'; device: DiscoveredDevice; /** the credential it answered to (never printed) */ credential: Credential }
  | { type: 'problem'; problem: HostProblem }
  | { type: 'summary'; summary: DiscoverSummary };

/** What a running collect reports. */
export type CollectEvent =
  /** `hints`: what the collect learned, for the inventory (not part of the record) */
  | { type: 'record'; record: DeviceRecord; hints?: ReadHints }
  | { type: 'problem'; problem: HostProblem }
  | { type: 'collectSummary'; summary: CollectSummary };

/** Sending the spool, oldest first. */
export type PushEvent =
  | { type: 'sent'; entry: SpoolEntry; detail: string }
  | { type: 'retrying'; entry: SpoolEntry; error: string; delayMs: number; attempt: number }
  /** `refusedForGood`: the server refused this report itself (400, 413, 415, 422), not the moment: it will again */
  | { type: 'failed'; entry: SpoolEntry; error: string; refusedForGood: boolean }
  | { type: 'pushSummary'; summary: PushSummary };

export interface PushSummary {
  sent: number;
  failed: number;
  /** reports still in the spool when the push ended */
  waiting: number;
  bytesSent: number;
}

/** Sealing what waits into the spool. */
export type SealEvent =
  /** `sent`: the report as sealed, at the privacy level; `dropped`: older reports a full spool let go to make room */
  | { type: 'sealed'; report: Report; sent: SentReport; entry: SpoolEntry; dropped: SpoolEntry[] }
  /** the report was already in the spool: a kill came between sealing it and marking it sealed */
  | { type: 'alreadySealed'; reportId: string };

export type PipelinePhase = 'discover' | 'collect' | 'seal' | 'push';

/** What scan, collect, push and run (src/pipeline) report while they work. */
export type PipelineEvent =
  | { type: 'phase'; phase: PipelinePhase }
  | ProgressEvent
  /** a host that answers and is not collected (a non-imaging host, with `all`) */
  | { type: 'found'; device: DiscoveredDevice }
  | { type: 'collected'; record: DeviceRecord }
  | { type: 'problem'; problem: HostProblem }
  /** something the user should read before or while the run works */
  | { type: 'warning'; message: string }
  /** the report is kept (pending when the run pushes) and the inventory saved */
  | { type: 'reported'; report: Report; discover?: DiscoverSummary; collect?: CollectSummary }
  | { type: 'sealed'; reportId: string; devices: number; privacy: PrivacyLevel; jsonBytes: number; sealedBytes: number }
  /** a report let go never delivered: `spoolFull` (the spool's limits) or `tooManyPending` (not sealed for too long) */
  | { type: 'dropped'; reportId: string; madeAt: string; reason: 'spoolFull'; limits: SpoolLimits }
  | { type: 'dropped'; reportId: string; madeAt: string; reason: 'tooManyPending' }
  /** reports that wait to be sealed, and why they cannot be now (no recipient: the server was not reached) */
  | { type: 'unsealed'; reports: number; cause: string }
  /** the push lock is held by another process: what waits goes with the next push */
  | { type: 'pushBusy'; message: string }
  | { type: 'sent'; reportId: string; bytes: number; detail: string }
  | { type: 'retrying'; reportId: string; error: string; delayMs: number }
  | { type: 'failed'; reportId: string; error: string; refusedForGood: boolean }
  | { type: 'pushed'; summary: PushSummary };

export type Emit = (event: PipelineEvent) => void;

/** What the reference receiver has to say; it never prints, the caller decides. Tokens never appear here. */
export type ReceiverEvent =
  | { type: 'request'; time: string; method: string; path: string; status: number; collector?: string; reportId?: string; error?: string }
  | { type: 'created'; what: 'identity' | 'tokens' | 'certificate'; path: string }
  | { type: 'configRejected'; message: string }
  | { type: 'tokensRejected'; message: string };

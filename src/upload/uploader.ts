import { scrub } from '../secrets.js';

/** What every uploader receives: the sealed bytes and the names a destination may want. */
export interface SealedReport {
  reportId: string;
  /** `<reportId>.json.gz.age` */
  fileName: string;
  contentType: string;
  body: Uint8Array;
}

export interface UploadContext {
  /** aborted when the upload timeout passes or the user interrupts */
  signal: AbortSignal;
}

/**
 * A destination for sealed reports. `upload` resolves once the destination holds the report
 * (only then does it leave the spool) and throws otherwise; an error with `retryable: true`
 * is tried again with backoff.
 */
export interface Uploader {
  readonly name: string;
  /** how many reports one push may hand over (stdout: one, as concatenated reports cannot be told apart) */
  readonly maxPerPush?: number;
  upload(report: SealedReport, context: UploadContext): Promise<{ detail: string }>;
  close?(): Promise<void>;
}

export class UploadError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; status?: number }) {
    super(scrub(message));
    this.name = 'UploadError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

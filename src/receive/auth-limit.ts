/**
 * Failed authentications counted per client address over a sliding minute: past the limit,
 * that address is answered 429 without a token check until its failures age out. Tokens are
 * long random strings, so this is not what keeps them safe; it keeps a misconfigured or
 * hostile client from filling the log and the CPU.
 */
export const AUTH_FAILURES_PER_MINUTE = 30;
const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

export class AuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = AUTH_FAILURES_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until this address may try again, or 0 when it may now. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit] + WINDOW_MS - this.now()) / 1000));
  }

  fail(address: string): void {
    if (!this.failures.has(address) && this.failures.size >= MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(address, [...this.recent(address), this.now()]);
  }

  private recent(address: string): number[] {
    const since = this.now() - WINDOW_MS;
    const kept = (this.failures.get(address) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(address);
    return kept;
  }
}

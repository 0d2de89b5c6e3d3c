/**
 * How lossy the path looked during a sweep, and whether silent addresses deserve another
 * pass. Among hosts that answered, the share that needed a retransmission estimates the loss
 * p; a live host stays silent after n probes with probability p^n. When the responders
 * suggest more than a twentieth of a host is still missing, the silent addresses are swept again.
 */
export const MAX_EXTRA_PASSES = 2;
const MISSING_HOSTS_WORTH_A_PASS = 0.05;
const MIN_SAMPLE = 10;

export class LossEstimate {
  private answered = 0;
  private retried = 0;

  note(attempt: number): void {
    this.answered++;
    if (attempt > 0) this.retried++;
  }

  /** Estimated loss per probe; the share of retried answers is p/(1+p) with one retry, close enough for more. */
  get loss(): number {
    if (this.answered < MIN_SAMPLE) return 0;
    const share = this.retried / this.answered;
    return Math.min(0.9, share / Math.max(0.1, 1 - share));
  }

  /** Whether hosts are likely still missing after `probes` probes each. */
  worthAnotherPass(probes: number): boolean {
    const p = this.loss;
    if (p === 0) return false;
    const silentShare = p ** probes;
    return (this.answered * silentShare) / (1 - silentShare) >= MISSING_HOSTS_WORTH_A_PASS;
  }
}

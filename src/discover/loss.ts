/**
 * How lossy the path looked during a sweep, and whether silent addresses deserve another
 * pass. The loss p of one probe is measured by sentinels (second probes to hosts that had
 * answered: the share never answered) or, when the sweep retried, by the share of answers
 * that needed a retransmission; a live host stays silent after n probes with probability p^n.
 * When the responders suggest more than a twentieth of a host is still missing, the silent
 * addresses are swept again.
 */
export const MAX_EXTRA_PASSES = 2;
/** probes of a silent address in all, at most, however its passes came: one sweep probe leaves room for three passes more */
export const MAX_PROBES = 4;
const MISSING_HOSTS_WORTH_A_PASS = 0.05;
const MIN_SAMPLE = 10;
/** one lost sentinel is noise (an agent's full queue for an instant); loss is two at least */
const MIN_SENTINELS_LOST = 2;
const MAX_LOSS = 0.9;


export class LossEstimate {
  private answered = 0;
  private retried = 0;
  private sentinels = 0;
  private sentinelsLost = 0;

  note(attempt: number): void {
    this.answered++;
    if (attempt > 0) this.retried++;
  }

  noteSentinels(sent: number, lost: number): void {
    this.sentinels += sent;
    this.sentinelsLost += lost;
  }

  /** Estimated loss per probe. */
  get loss(): number {
    if (this.sentinels >= MIN_SAMPLE) {
      return this.sentinelsLost < MIN_SENTINELS_LOST ? 0 : Math.min(MAX_LOSS, this.sentinelsLost / this.sentinels);
    }
    if (this.answered < MIN_SAMPLE) return 0;
    // The share of retried answers is p/(1+p) with one retry, close enough for more.
    const share = this.retried / this.answered;
    return Math.min(MAX_LOSS, share / Math.max(0.1, 1 - share));
  }

  /** The counts behind the estimate, for the summary. */
  get counts(): { sentinels: number; sentinelsLost: number; answeredLate: number } {
    return { sentinels: this.sentinels, sentinelsLost: this.sentinelsLost, answeredLate: this.retried };
  }

  /** Whether hosts are likely still missing after `probes` probes each. */
  worthAnotherPass(probes: number): boolean {
    const p = this.loss;
    if (p === 0) return false;
    const silentShare = p ** probes;
    return (this.answered * silentShare) / (1 - silentShare) >= MISSING_HOSTS_WORTH_A_PASS;
  }
}

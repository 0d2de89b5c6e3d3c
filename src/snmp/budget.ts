/**
 * What one device may cost: a number of requests and a span of wall-clock time, per collect
 * and per identification. A device that would take more (a walk that never ends, a fallback
 * that keeps asking, answers that trickle in) is cut off and the run moves on.
 */
export interface BudgetLimits {
  requests: number;
  ms: number;
}

export const COLLECT_BUDGET: BudgetLimits = { requests: 2000, ms: 120_000 };
export const IDENTIFY_BUDGET: BudgetLimits = { requests: 200, ms: 60_000 };

export class Budget {
  private spent = 0;
  private readonly deadline: number;

  constructor(
    readonly limits: BudgetLimits,
    /** what the budget is for, as the message names it: `collect`, `identification` */
    readonly phase: string,
  ) {
    this.deadline = performance.now() + limits.ms;
  }

  /** Takes one request from the budget; why not, when it is spent. */
  charge(): string | undefined {
    if (this.spent >= this.limits.requests) return `request budget of ${this.limits.requests} request${this.limits.requests === 1 ? '' : 's'} per device for ${this.phase} spent`;
    if (performance.now() >= this.deadline) return `wall-clock budget of ${this.limits.ms / 1000} s per device for ${this.phase} spent`;
    this.spent++;
    return undefined;
  }
}

/**
 * Meters only go up. One that reads lower than the last collect of the same device (a reset
 * counter, a replaced board, a 32-bit counter that wrapped) is flagged with both values, so
 * that nobody bills the difference as negative usage.
 */

/** The meters of a device at its last collect, as the inventory keeps them. */
export interface PreviousMeters {
  meters: Readonly<Record<string, number>>;
  /** when they were read (ISO 8601) */
  at?: string;
}

export interface MeterWarning {
  meter: string;
  /** the value at the last collect */
  previous: number;
  previousAt?: string;
  current: number;
  problem: 'wentBackwards';
}

export function meterWarnings(previous: PreviousMeters | undefined, current: Readonly<Record<string, number>>): MeterWarning[] {
  if (!previous) return [];
  const out: MeterWarning[] = [];
  for (const [meter, value] of Object.entries(current)) {
    const before = previous.meters[meter];
    if (typeof before === 'number' && value < before) out.push({ meter, previous: before, previousAt: previous.at, current: value, problem: 'wentBackwards' });
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { PaceController, START_RATE, WINDOW_MS, type PaceWindow } from '../../src/snmp/sweep-pace.js';

/** Drives a controller window by window on a fake clock: each window sends what the pace allows. */
function drive(c: PaceController, windows: Array<{ rtts?: number[]; sendErrors?: number; queued?: number; left?: number }>) {
  let now = 0;
  let started = 0;
  const rates: number[] = [];
  for (const w of windows) {
    for (const rtt of w.rtts ?? []) c.noteRtt(rtt);
    now += WINDOW_MS;
    const sent = Math.round((c.rate * WINDOW_MS) / 1000);
    started += sent;
    const window: PaceWindow = { now, sent, started, sendErrors: w.sendErrors ?? 0, queued: w.queued ?? 0, left: w.left ?? sent };
    rates.push(Math.round(c.update(window)));
  }
  return rates;
}

const clear = { rtts: [1, 1, 1, 1] };
const queued = { rtts: [40, 41, 42, 40] };

describe('the pace a sweep finds', () => {
  it.each([
    // what the windows show, the pace after each
    ['doubles from the start while answers come back without a queue', [clear, clear, clear], [20_000, 40_000, 80_000]],
    ['never passes the cap', [clear, clear, clear, clear, clear], [20_000, 40_000, 80_000, 120_000, 120_000]],
    ['cuts by 30 % on a standing queue, then grows by a tenth', [clear, clear, queued, {}, {}, clear], [20_000, 40_000, 28_000, 28_000, 28_000, 30_800]],
    ['halves when sends fail, even while holding after a cut', [clear, { sendErrors: 3 }, { sendErrors: 1 }], [20_000, 10_000, 5_000]],
    ['cuts by 30 % when probes wait in our own socket, at least', [clear, { queued: 5_000 }], [20_000, 14_000]],
    ['keeps under the pace probes leave a full socket at: the link behind it', [clear, clear, { queued: 5_000, left: 250 }], [20_000, 40_000, 4_500]],
    ['stays put while the path says nothing after answers came', [clear, {}, {}, {}], [20_000, 20_000, 20_000, 20_000]],
  ] as const)('%s', (_, windows, expected) => {
    expect(drive(new PaceController(120_000, 0), [...windows])).toEqual(expected);
  });

  it('grows through a long stretch before any answer (empty addresses say nothing against speed)', () => {
    const rates = drive(new PaceController(120_000, 0), Array.from({ length: 12 }, () => ({})));
    expect(rates[0]).toBe(START_RATE);
    expect(rates.at(-1)).toBe(120_000);
  });

  it('marks what was sent since the path last looked clear as possibly lost, and nothing on a clean path', () => {
    const clean = new PaceController(120_000, 0);
    drive(clean, [clear, clear, clear, clear]);
    expect(clean.suspect).toEqual([]);
    const slowed = new PaceController(120_000, 0);
    drive(slowed, [clear, clear, queued]);
    // 500 + 1,000 + 2,000 addresses started by the queue; the path was clear up to the first window's 500.
    expect(slowed.suspect).toEqual([[500, 3_500]]);
  });

  it('a later pass starts at the pace the first found and does not probe past it', () => {
    const first = new PaceController(120_000, 0);
    drive(first, [clear, clear, queued]);
    const later = new PaceController(120_000, 0, first.learned);
    expect(drive(later, [clear, clear])).toEqual([28_000, 28_000]);
  });
});

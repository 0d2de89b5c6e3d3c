import { describe, expect, it } from 'vitest';
import { LossEstimate } from '../../src/discover/loss.js';

function estimate(answered: number, retried: number): LossEstimate {
  const e = new LossEstimate();
  for (let i = 0; i < answered; i++) e.note(i < retried ? 1 : 0);
  return e;
}

describe('loss seen by a sweep', () => {
  it.each([
    // answered, of them retried, probes each so far, another pass?
    [200, 0, 2, false], // a clean path
    [200, 18, 2, true], // ~10 % loss: ~2 of 200 live hosts still silent after 2 probes
    [200, 18, 3, true], // ~0.2 still silent: worth one more
    [200, 18, 4, false], // ~0.02: enough
    [200, 2, 2, false], // ~1 % loss: 0.02 hosts missing
    [5, 3, 2, false], // too few answers to judge
  ])('%i answered, %i after a retry, %i probes: another pass %s', (answered, retried, probes, expected) => {
    expect(estimate(answered, retried).worthAnotherPass(probes)).toBe(expected);
  });

  it.each([
    [100, 0, 0],
    [100, 9, 0.099],
    [100, 50, 0.9],
  ])('%i answered, %i retried: loss about %f', (answered, retried, loss) => {
    expect(estimate(answered, retried).loss).toBeCloseTo(loss, 2);
  });
});

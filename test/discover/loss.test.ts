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

  it.each([
    // sentinels sent, never answered, hosts answered, probes each so far, another pass?
    [40, 0, 200, 1, false], // a clean path: no second probe to any silent address
    [40, 1, 200, 1, false], // one lost sentinel is noise
    [40, 4, 200, 1, true], // ~10 % loss: ~20 of 200 live hosts still silent
    [40, 4, 200, 3, true], // ~0.2 still silent after three
    [40, 4, 200, 4, false], // ~0.02: enough
    [5, 5, 200, 1, false], // too few sentinels to judge, and no retried answers either
  ])('%i sentinels, %i lost, %i answered, %i probes: another pass %s', (sent, lost, answered, probes, expected) => {
    const e = estimate(answered, 0);
    e.noteSentinels(sent, lost);
    expect(e.worthAnotherPass(probes)).toBe(expected);
  });
});

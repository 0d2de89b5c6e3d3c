import { describe, expect, it } from 'vitest';
import { discoverSummaryLine, lossWarning } from '../../src/cli/render.js';
import type { DiscoverSummary, PathLoss } from '../../src/discover/types.js';

const summary = (loss: Partial<PathLoss>): DiscoverSummary => ({
  addresses: 65_534,
  responded: 150,
  devices: 150,
  nonImaging: 0,
  problems: 0,
  probesSent: 70_000,
  unexpectedReplies: 0,
  refusedReplies: 0,
  elapsedMs: 6_700,
  loss: { seen: false, sentinels: 0, sentinelsLost: 0, answeredLate: 0, estimate: 0, ...loss },
});

describe('a sweep that saw loss says so', () => {
  it.each([
    [{ seen: true, sentinels: 64, sentinelsLost: 20, estimate: 0.3125 }, 'the path dropped packets (about 31 % of probes lost): 20 of 64 second probes to answering hosts went unanswered; devices may be missing'],
    [{ seen: true, answeredLate: 1 }, 'the path dropped packets: 1 host answered only a later probe; devices may be missing'],
    [{ seen: true, sentinels: 30, sentinelsLost: 3, answeredLate: 12, estimate: 0.004 }, 'the path dropped packets (about 1 % of probes lost): 3 of 30 second probes to answering hosts went unanswered; 12 hosts answered only a later probe; devices may be missing'],
  ])('%j', (loss, start) => {
    const warning = lossWarning(summary(loss));
    expect(warning?.startsWith(start)).toBe(true);
    expect(warning).toContain('--rate');
    expect(discoverSummaryLine(summary(loss))).toMatch(/, 0 problems, packet loss seen$/);
  });

  it('a sweep without loss says nothing of it', () => {
    expect(lossWarning(summary({ sentinels: 64 }))).toBeUndefined();
    expect(discoverSummaryLine(summary({ sentinels: 64 }))).toMatch(/, 0 problems$/);
  });
});

import { describe, expect, it } from 'vitest';
import { meterWarnings } from '../../src/collect/meter-warnings.js';

describe('meter warnings', () => {
  const at = '2026-11-30T08:00:00.000Z';
  it.each([
    ['no last collect', undefined, { total: 5 }, []],
    ['every meter went up or stayed', { meters: { total: 100, mono: 60 }, at }, { total: 150, mono: 60 }, []],
    ['a reset counter', { meters: { total: 100 }, at }, { total: 3 }, [{ meter: 'total', previous: 100, previousAt: at, current: 3, problem: 'wentBackwards' }]],
    ['a 32-bit counter that wrapped', { meters: { total: 4_294_967_200 }, at }, { total: 50 }, [{ meter: 'total', previous: 4_294_967_200, previousAt: at, current: 50, problem: 'wentBackwards' }]],
    ['only the meter that went down', { meters: { total: 100, color: 40 }, at }, { total: 120, color: 0 }, [{ meter: 'color', previous: 40, previousAt: at, current: 0, problem: 'wentBackwards' }]],
    ['a meter not read last time', { meters: { total: 100 } }, { total: 101, scan: 2 }, []],
    ['a meter not read this time', { meters: { total: 100, scan: 9 } }, { total: 101 }, []],
  ])('%s', (_name, previous, current, expected) => {
    expect(meterWarnings(previous, current)).toEqual(expected);
  });
});

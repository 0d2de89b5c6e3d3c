import { describe, expect, it } from 'vitest';
import { ERROR_CODES, PrintscanError, UsageError, type ErrorCode } from '../src/errors.js';

/** What each code means for the exit status: 2 usage or input, 1 environment, state, server or device. */
const EXPECTED: [ErrorCode, 1 | 2][] = [
  ['usage', 2],
  ['badProfile', 2],
  ['badRecording', 2],
  ['badReport', 2],
  ['badSeal', 2],
  ['badConfig', 2],
  ['configRefused', 2],
  ['listen', 1],
  ['inventory', 1],
  ['history', 1],
  ['badState', 1],
  ['badStore', 1],
  ['noHistory', 1],
  ['inventoryRunning', 1],
  ['pushRunning', 1],
  ['runRunning', 1],
  ['noConfig', 1],
  ['serverUnavailable', 1],
  ['noConfigServed', 1],
  ['timeout', 1],
  ['authFailed', 1],
  ['malformedReply', 1],
  ['budgetExceeded', 1],
  ['error', 1],
];

describe('error codes', () => {
  it.each(EXPECTED)('%s ends with exit code %i', (code, exit) => {
    expect(new PrintscanError(code, 'what went wrong').exitCode).toBe(exit);
  });

  it('lists every code once in the table above', () => {
    expect(EXPECTED.map(([code]) => code).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('a usage error is code usage, exit 2', () => {
    const e = new UsageError('give --out');
    expect([e.code, e.exitCode]).toEqual(['usage', 2]);
  });
});

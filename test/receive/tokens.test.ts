import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectorForToken, parseTokens } from '../../src/receive/tokens.js';

const TOKEN_A = 'a-token-long-enough-1';
const TOKEN_B = 'b-token-long-enough-2';
const hex = (t: string) => createHash('sha256').update(t).digest('hex');

describe('tokens', () => {
  const tokens = parseTokens([{ collector: 'site-a', token: TOKEN_A }, { collector: 'site-b', sha256: hex(TOKEN_B) }], 'tokens.json');

  it.each([
    ['a plain token', `Bearer ${TOKEN_A}`, 'site-a'],
    ['a token given by its sha256', `Bearer ${TOKEN_B}`, 'site-b'],
    ['the scheme in another case', `bearer ${TOKEN_A}`, 'site-a'],
    ['an unknown token', 'Bearer nope-nope-nope-nope', undefined],
    ['a prefix of a token', `Bearer ${TOKEN_A.slice(0, -1)}`, undefined],
    ['another scheme', `Basic ${TOKEN_A}`, undefined],
    ['no header', undefined, undefined],
  ])('%s → %s', (_name, header, collector) => {
    expect(collectorForToken(header, tokens)).toBe(collector);
  });

  it.each([
    ['not an array', {}, /expected a non-empty JSON array/],
    ['an empty array', [], /expected a non-empty JSON array/],
    ['an entry that is not an object', ['x'], /entry 0 is not an object/],
    ['an unknown key', [{ collector: 'a', token: TOKEN_A, note: 1 }], /entry 0 has unknown key "note"/],
    ['a collector name that is not a safe directory name', [{ collector: '../x', token: TOKEN_A }], /entry 0: "collector" must be/],
    ['neither token nor sha256', [{ collector: 'a' }], /entry 0 \(a\) needs exactly one of "token" or "sha256"/],
    ['both token and sha256', [{ collector: 'a', token: TOKEN_A, sha256: hex(TOKEN_A) }], /entry 0 \(a\) needs exactly one/],
    ['a short token', [{ collector: 'a', token: 'short' }], /entry 0 \(a\): "token" must be a string of at least 16/],
    ['a bad sha256', [{ collector: 'a', sha256: 'abc' }], /entry 0 \(a\): "sha256" must be 64 hex digits/],
    ['the same token twice', [{ collector: 'a', token: TOKEN_A }, { collector: 'b', sha256: hex(TOKEN_A) }], /entries 0 and 1 have the same token/],
  ])('refuses %s, naming the file and the entry', (_name, data, message) => {
    expect(() => parseTokens(data, 'tokens.json')).toThrow(message);
    expect(() => parseTokens(data, 'tokens.json')).toThrow(/^tokens\.json/);
  });

  it('keeps no plain token once loaded', () => {
    expect(JSON.stringify(tokens)).not.toContain(TOKEN_A);
  });
});

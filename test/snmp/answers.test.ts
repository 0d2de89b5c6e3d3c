import { describe, expect, it } from 'vitest';
import { wrongBulk, wrongGet, wrongNext } from '../../src/snmp/answers.js';
import { Tag, type Varbind } from '../../src/snmp/types.js';

const vb = (oid: string, tag: number = Tag.Integer): Varbind => ({ oid, tag, value: tag === Tag.Integer ? 1 : null });
const A = '1.3.6.1.2.1.43.11.1.1.9.1';

describe('an answer holds what was asked', () => {
  it.each<[string, string[], (Varbind | undefined)[], RegExp | undefined]>([
    ['the OIDs asked, in order', [`${A}.1`, `${A}.2`], [vb(`${A}.1`), vb(`${A}.2`)], undefined],
    ['an exception for an OID asked', [`${A}.1`], [vb(`${A}.1`, Tag.NoSuchInstance)], undefined],
    ['another OID than asked', [`${A}.1`], [vb(`${A}.9`)], /GET of .*\.1 answered for .*\.9/],
    ['the OIDs swapped', [`${A}.1`, `${A}.2`], [vb(`${A}.2`), vb(`${A}.1`)], /answered for/],
    ['one varbind too many', [`${A}.1`], [vb(`${A}.1`), vb('1.3.6.1.2.1.1.1.0')], /1 OIDs answered with 2/],
  ])('GET: %s', (_name, asked, answers, wrong) => {
    expect(wrongGet(asked, answers)).toEqual(wrong ? expect.stringMatching(wrong) : undefined);
  });

  it.each<[string, string[], (Varbind | undefined)[], RegExp | undefined]>([
    ['the next OID', [A], [vb(`${A}.1`)], undefined],
    ['endOfMibView at the OID asked', [A], [vb(A, Tag.EndOfMibView)], undefined],
    ['the OID asked itself', [`${A}.1`], [vb(`${A}.1`)], /does not follow/],
    ['an OID before it', [`${A}.5`], [vb(`${A}.4`)], /does not follow/],
    ['its parent', [`${A}.5`], [vb(A)], /does not follow/],
    ['fewer varbinds than asked', [A, A], [vb(`${A}.1`)], /2 OIDs answered with 1/],
  ])('GETNEXT: %s', (_name, asked, answers, wrong) => {
    expect(wrongNext(asked, answers)).toEqual(wrong ? expect.stringMatching(wrong) : undefined);
  });

  it.each<[string, string[], Varbind[][], RegExp | undefined]>([
    ['rows that climb', [A], [[vb(`${A}.1`), vb(`${A}.2`), vb('1.3.6.1.2.1.43.11.1.1.10.1')]], undefined],
    ['a column cut short (a truncated answer)', [A, A], [[vb(`${A}.1`)]], undefined],
    ['endOfMibView repeated', [A], [[vb(`${A}.1`), vb(`${A}.1`, Tag.EndOfMibView), vb(`${A}.1`, Tag.EndOfMibView)]], undefined],
    ['a row that stands still', [A], [[vb(`${A}.1`), vb(`${A}.1`)]], /row .*\.1 does not follow .*\.1/],
    ['a row that goes back', [A], [[vb(`${A}.2`), vb(`${A}.1`)]], /does not follow/],
    ['a first row at the OID asked', [`${A}.3`], [[vb(`${A}.3`)]], /does not follow/],
    ['more columns than asked', [A], [[vb(`${A}.1`)], [vb(`${A}.2`)]], /1 columns answered with 2/],
    ['more rows than asked for', [A], [[vb(`${A}.1`), vb(`${A}.2`), vb(`${A}.3`), vb(`${A}.4`)]], /3 rows answered with 4/],
  ])('GETBULK: %s', (_name, asked, columns, wrong) => {
    expect(wrongBulk(asked, 3, columns)).toEqual(wrong ? expect.stringMatching(wrong) : undefined);
  });
});

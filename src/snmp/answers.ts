/**
 * Checks that an answer holds what was asked: a GET the very OIDs, in order; a GETNEXT and
 * each row of a GETBULK an OID strictly after the one before it. net-snmp passes answers that
 * go backwards or stand still, which would let a device forge values or walk forever.
 */
import { compareOids } from './oid.js';
import { Tag, type Varbind } from './types.js';

/** Why the answer is not the one asked for, or undefined when it is. */
export function wrongGet(asked: readonly string[], answers: readonly (Varbind | undefined)[]): string | undefined {
  if (answers.length !== asked.length) return `a GET of ${asked.length} OIDs answered with ${answers.length}`;
  const i = answers.findIndex((vb, k) => vb !== undefined && vb.oid !== asked[k]);
  return i < 0 ? undefined : `a GET of ${asked[i]} answered for ${answers[i]!.oid}`;
}

export function wrongNext(asked: readonly string[], answers: readonly (Varbind | undefined)[]): string | undefined {
  if (answers.length !== asked.length) return `a GETNEXT of ${asked.length} OIDs answered with ${answers.length}`;
  const i = answers.findIndex((vb, k) => vb !== undefined && !follows(asked[k], vb));
  return i < 0 ? undefined : `a GETNEXT of ${asked[i]} answered with ${answers[i]!.oid}, which does not follow it`;
}

/** Each column holds at most the rows asked for, climbing from the OID asked, one strictly after the other. */
export function wrongBulk(asked: readonly string[], maxRepetitions: number, columns: readonly (readonly (Varbind | undefined)[])[]): string | undefined {
  if (columns.length > asked.length) return `a GETBULK of ${asked.length} columns answered with ${columns.length}`;
  for (const [i, rows] of columns.entries()) {
    if (rows.length > maxRepetitions) return `a GETBULK of ${maxRepetitions} rows answered with ${rows.length} for ${asked[i]}`;
    let after = asked[i];
    for (const vb of rows) {
      if (!vb) continue;
      if (!follows(after, vb)) return `a GETBULK row ${vb.oid} does not follow ${after}`;
      if (vb.tag !== Tag.EndOfMibView) after = vb.oid;
    }
  }
  return undefined;
}

/** endOfMibView repeats the OID it could not go past; everything else must be after it. */
function follows(oid: string, vb: Varbind): boolean {
  return vb.tag === Tag.EndOfMibView ? compareOids(vb.oid, oid) >= 0 : compareOids(vb.oid, oid) > 0;
}

/**
 * One round of reads for a device: a multi-varbind GET of every OID needed (with the table
 * instances known from the last collect), a GETNEXT per known table to see whether it grew,
 * and a walk of the columns never seen, all in parallel.
 */
import { SnmpRequestError } from '../snmp/client.js';
import type { SnmpReader } from '../snmp/reader.js';
import type { Varbind } from '../snmp/types.js';
import type { Needs } from './fields.js';
import { completeTables, planTables, type TablePlan, type TableRows } from './table-reads.js';
import type { FieldError } from './types.js';
import { errorText } from '../secrets.js';

/** Why a read failed; which record fields it leaves empty is decided once the record is built. */
export type ReadFailure = Omit<FieldError, 'field'>;

export interface RoundResult {
  gets: Map<string, Varbind>;
  columns: Map<string, Varbind[]>;
  /** the multi-varbind GET failed */
  getFailed?: ReadFailure;
  /** the table reads failed, twice */
  tablesFailed?: ReadFailure;
}

function failureOf(err: unknown): ReadFailure {
  return { problem: err instanceof SnmpRequestError ? err.failure : 'error', detail: errorText(err) };
}

export async function readRound(reader: SnmpReader, needs: Needs, knownRows?: TableRows): Promise<RoundResult> {
  const plan = planTables([...needs.columns], knownRows);
  const [gets, next, walked] = await Promise.allSettled([
    reader.get([...needs.gets, ...plan.instances]),
    plan.lookahead.length > 0 ? reader.getNext(plan.lookahead.map((l) => l.after)) : Promise.resolve([]),
    plan.walk.length > 0 ? reader.walkColumns(plan.walk) : Promise.resolve(new Map<string, Varbind[]>()),
  ]);
  let columns = await settledTables(reader, plan, gets, next, walked);
  // A device that answered the GET is there: a lost or garbled table reply is worth one more
  // try, a plain walk of every column that asks nothing of what the last collect saw.
  if (columns.status === 'rejected' && gets.status === 'fulfilled') columns = await settle(reader.walkColumns([...needs.columns]));
  return {
    gets: gets.status === 'fulfilled' ? gets.value : new Map(),
    columns: columns.status === 'fulfilled' ? columns.value : new Map(),
    getFailed: gets.status === 'rejected' ? failureOf(gets.reason) : undefined,
    tablesFailed: columns.status === 'rejected' ? failureOf(columns.reason) : undefined,
  };
}

async function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return (await Promise.allSettled([promise]))[0];
}

/** The table reads put together, or the first failure among them (no half tables). */
async function settledTables(
  reader: SnmpReader,
  plan: TablePlan,
  gets: PromiseSettledResult<Map<string, Varbind>>,
  next: PromiseSettledResult<(Varbind | undefined)[]>,
  walked: PromiseSettledResult<Map<string, Varbind[]>>,
): Promise<PromiseSettledResult<Map<string, Varbind[]>>> {
  for (const part of [next, walked, ...(plan.lookahead.length > 0 ? [gets] : [])]) if (part.status === 'rejected') return part;
  try {
    const value = await completeTables(reader, plan, gets.status === 'fulfilled' ? gets.value : new Map(), (next as PromiseFulfilledResult<(Varbind | undefined)[]>).value, (walked as PromiseFulfilledResult<Map<string, Varbind[]>>).value);
    return { status: 'fulfilled', value };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

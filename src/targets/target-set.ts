import { lookup } from 'node:dns/promises';
import { IPv6 } from 'ip-num';
import { UsageError } from '../errors.js';
import { parseTargets, type Block, type TargetEntry } from './parse.js';

export interface Target {
  host: string;
  port: number;
  family: 4 | 6;
}

interface Interval {
  family: 4 | 6;
  port: number;
  first: bigint;
  last: bigint;
}

export const DEFAULT_MAX_HOSTS = 65_536;

/** `192.0.2.1:161` or `[2001:db8::1]:161`: an address and port as the target grammar reads them back. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function formatIPv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** RFC 5952 text, the form the socket reports a reply's source in. */
export function canonicalIPv6(n: bigint): string {
  return new URL(`http://[${new IPv6(n).toString()}]/`).hostname.slice(1, -1);
}

async function resolveEntry(entry: TargetEntry): Promise<Block> {
  if (entry.family !== 'name') return entry;
  try {
    const { address, family } = await lookup(entry.hostname, { verbatim: true });
    const [block] = parseTargets([family === 6 ? `[${address}]` : address]) as Block[];
    return { ...block, port: entry.port };
  } catch (e) {
    throw new UsageError(`bad target "${entry.hostname}": the name does not resolve (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

/** Refuses a scan larger than the cap (default 65,536), naming the flag that raises it. */
export function assertWithinHostCap(total: number, cap = DEFAULT_MAX_HOSTS): void {
  if (total > cap) {
    throw new UsageError(
      `the targets add up to ${total.toLocaleString('en')} addresses, over the cap of ${cap.toLocaleString('en')}`,
      `narrow the ranges or raise the cap with --max-hosts ${total}`,
    );
  }
}

function toIntervals(blocks: Block[], defaultPort: number): Interval[] {
  return blocks
    .filter((b) => b.last >= b.first)
    .map((b) => ({ family: b.family, port: b.port ?? defaultPort, first: BigInt(b.first), last: BigInt(b.last) }));
}

function compare(a: Interval, b: Interval): number {
  return a.family - b.family || a.port - b.port || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
}

/** Sorted, non-overlapping intervals: an address listed twice is scanned once. */
function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort(compare);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.family === iv.family && prev.port === iv.port && iv.first <= prev.last + 1n) {
      if (iv.last > prev.last) prev.last = iv.last;
    } else {
      out.push({ ...iv });
    }
  }
  return out;
}

/** Removes excluded addresses whatever port they were listed with. */
function subtract(include: Interval[], exclude: Interval[]): Interval[] {
  let out = include;
  for (const ex of exclude) {
    const next: Interval[] = [];
    for (const iv of out) {
      if (iv.family !== ex.family || ex.last < iv.first || ex.first > iv.last) {
        next.push(iv);
        continue;
      }
      if (ex.first > iv.first) next.push({ ...iv, last: ex.first - 1n });
      if (ex.last < iv.last) next.push({ ...iv, first: ex.last + 1n });
    }
    out = next;
  }
  return out;
}

/**
 * The addresses of one scan. Holds intervals, not addresses: a /16 costs a handful of
 * objects until it is iterated, and iteration makes one small object per address.
 */
export class TargetSet implements Iterable<Target> {
  readonly size: number;
  readonly families: ReadonlySet<4 | 6>;

  private constructor(private readonly intervals: Interval[]) {
    this.size = intervals.reduce((n, iv) => n + Number(iv.last - iv.first + 1n), 0);
    this.families = new Set(intervals.map((iv) => iv.family));
  }

  static async resolve(options: {
    targets: readonly string[];
    exclude?: readonly string[];
    port: number;
    maxHosts?: number;
  }): Promise<TargetSet> {
    const include = await Promise.all(parseTargets(options.targets).map(resolveEntry));
    const exclude = await Promise.all(parseTargets(options.exclude ?? []).map(resolveEntry));
    const set = new TargetSet(subtract(merge(toIntervals(include, options.port)), toIntervals(exclude, options.port)));
    assertWithinHostCap(set.size, options.maxHosts);
    return set;
  }

  *[Symbol.iterator](): Iterator<Target> {
    for (const iv of this.intervals) {
      if (iv.family === 4) {
        const last = Number(iv.last);
        for (let n = Number(iv.first); n <= last; n++) yield { host: formatIPv4(n), port: iv.port, family: 4 };
      } else {
        for (let n = iv.first; n <= iv.last; n++) yield { host: canonicalIPv6(n), port: iv.port, family: 6 };
      }
    }
  }
}

import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';
import { UsageError } from '../errors.js';
import { readTextFile } from '../fs/read-text-file.js';

/** A contiguous run of addresses, as numbers: IPv4 as plain numbers, IPv6 as bigints. */
export type Block =
  | { family: 4; first: number; last: number; port?: number }
  | { family: 6; first: bigint; last: bigint; port?: number };

/** A name to resolve once before the scan starts. */
export interface HostEntry {
  family: 'name';
  hostname: string;
  port?: number;
}

export type TargetEntry = Block | HostEntry;

export const IPV6_WIDEST_PREFIX = 112;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

function bad(entry: string, why: string, hint?: string): UsageError {
  return new UsageError(`bad target "${entry}": ${why}`, hint);
}

export function parseIPv4(text: string, entry: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) {
    throw bad(entry, `"${text}" is not an IPv4 address (four numbers 0-255 joined by dots)`);
  }
  const octet = parts.find((p) => Number(p) > 255);
  if (octet !== undefined) throw bad(entry, `${octet} is not an IPv4 octet (0-255)`);
  return Number(IPv4.fromString(parts.map(Number).join('.')).getValue());
}

function parseIPv6(text: string, entry: string): bigint {
  try {
    return IPv6.fromString(text).getValue();
  } catch {
    throw bad(entry, `"${text}" is not an IPv6 address`);
  }
}

function parsePort(text: string, entry: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw bad(entry, `port "${text}" must be a number from 1 to 65535`);
  return port;
}

function looksNumeric(text: string): boolean {
  return /^[\d.]+$/.test(text);
}

/** Splits `host:port` and `[v6]:port`; a bare IPv6 address has no port. */
function splitPort(entry: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    return { host: bracketed[1], port: bracketed[2] === undefined ? undefined : parsePort(bracketed[2], entry) };
  }
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(':');
    return { host, port: parsePort(port, entry) };
  }
  return { host: entry };
}

function parseCidr(host: string, entry: string, port?: number): Block {
  const [base, bits] = host.split('/');
  if (!/^\d{1,3}$/.test(bits)) throw bad(entry, `prefix "/${bits}" is not a number`);
  const prefix = Number(bits);
  if (base.includes(':')) {
    if (prefix > 128) throw bad(entry, `/${prefix} is not an IPv6 prefix (0-128)`);
    if (prefix < IPV6_WIDEST_PREFIX) {
      throw bad(entry, `IPv6 ranges wider than /${IPV6_WIDEST_PREFIX} are refused`, 'scan a narrower prefix');
    }
    parseIPv6(base, entry);
    const range = IPv6CidrRange.fromCidr(host);
    return { family: 6, first: range.getFirst().getValue(), last: range.getLast().getValue(), port };
  }
  if (prefix > 32) throw bad(entry, `/${prefix} is not an IPv4 prefix (0-32)`);
  parseIPv4(base, entry);
  const range = IPv4CidrRange.fromCidr(host);
  let first = Number(range.getFirst().getValue());
  let last = Number(range.getLast().getValue());
  // Network and broadcast addresses of a real subnet answer nothing useful.
  if (prefix <= 30) {
    first += 1;
    last -= 1;
  }
  return { family: 4, first, last, port };
}

function parseDashRange(host: string, entry: string, port?: number): Block {
  const [from, to] = host.split('-');
  if (from.includes(':')) {
    const first = parseIPv6(from, entry);
    const last = parseIPv6(to, entry);
    if (last < first) throw bad(entry, 'the range ends before it starts');
    if (last - first >= 1n << BigInt(128 - IPV6_WIDEST_PREFIX)) {
      throw bad(entry, `IPv6 ranges wider than /${IPV6_WIDEST_PREFIX} are refused`, 'scan a narrower range');
    }
    return { family: 6, first, last, port };
  }
  const first = parseIPv4(from, entry);
  let last: number;
  if (/^\d{1,3}$/.test(to)) {
    if (Number(to) > 255) throw bad(entry, `${to} is not an IPv4 octet (0-255)`);
    last = Math.floor(first / 256) * 256 + Number(to);
  } else {
    last = parseIPv4(to, entry);
  }
  if (last < first) throw bad(entry, 'the range ends before it starts', 'write the lower address first');
  return { family: 4, first, last, port };
}

/** Parses one entry (no commas, no @file). */
export function parseEntry(raw: string): TargetEntry {
  const entry = raw.trim();
  if (entry === '') throw new UsageError('empty target', 'give an address, range, CIDR block, hostname or @file');
  if (/[\s]/.test(entry)) throw bad(entry, 'contains spaces');
  const { host, port } = splitPort(entry);
  if (host.includes('/')) return parseCidr(host, entry, port);
  if (host.includes('-') && (looksNumeric(host.replace('-', '')) || host.includes(':'))) {
    return parseDashRange(host, entry, port);
  }
  if (host.includes(':')) {
    const v = parseIPv6(host, entry);
    return { family: 6, first: v, last: v, port };
  }
  if (looksNumeric(host)) {
    const v = parseIPv4(host, entry);
    return { family: 4, first: v, last: v, port };
  }
  if (!HOSTNAME.test(host)) throw bad(entry, 'not an address, range, CIDR block or hostname');
  return { family: 'name', hostname: host.toLowerCase().replace(/\.$/, ''), port };
}

function readTargetFile(path: string, origin: string): string[] {
  const text = readTextFile(path, 'target file', { hint: `from ${origin}` });
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
  if (lines.length === 0) throw new UsageError(`target file "${path}" lists no targets`, 'one address, range or CIDR a line; # starts a comment');
  return lines;
}

/** Expands comma lists and @files into single entries, then parses each. */
export function parseTargets(specs: readonly string[]): TargetEntry[] {
  const out: TargetEntry[] = [];
  const visit = (spec: string, origin: string) => {
    for (const part of spec.split(',')) {
      const item = part.trim();
      if (item.startsWith('@')) {
        for (const line of readTargetFile(item.slice(1), origin)) visit(line, item);
      } else {
        out.push(parseEntry(item));
      }
    }
  };
  for (const spec of specs) visit(spec, 'command line');
  return out;
}

import { UsageError } from '../errors.js';
import { parseEntry } from '../targets/parse.js';
import { canonicalIPv6, formatIPv4 } from '../targets/target-set.js';

/** Where one simulated device listens; no port means the fleet's port. */
export interface Placement {
  host: string;
  port?: number;
}

/** IPv6 loopback is a single address: the one place a v6 fleet can live. */
export const IPV6_LOOPBACK = '::1';

export function assertLoopback(host: string): void {
  if (!(host.startsWith('127.') || host === IPV6_LOOPBACK)) {
    throw new UsageError(`the simulator binds loopback only, not "${host}"`, 'use an address in 127.0.0.0/8 or ::1');
  }
}

/**
 * `IP`, `IP:port`, `::1` or `[::1]:port` (the target grammar, one address): the host comes
 * back in the form the socket reports, so the fleet's list matches the collector's records.
 */
export function parsePlacement(text: string): Placement {
  const entry = parseEntry(text);
  if (entry.family === 'name' || entry.first !== entry.last) {
    throw new UsageError(`"${text}" is not one address`, 'write IP, IP:port, ::1 or [::1]:port');
  }
  const host = entry.family === 4 ? formatIPv4(entry.first) : canonicalIPv6(entry.first);
  assertLoopback(host);
  return { host, port: entry.port };
}

import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** The DNS name of an address (PTR), or undefined when it has none or the resolver does not answer in time. */
export type ReverseLookup = (ip: string) => Promise<string | undefined>;

/** `ip` or `ip:port` or `[ipv6]:port`, as `--dns-server` takes them. */
export function checkDnsServer(text: string): string {
  const bracketed = text.startsWith('[');
  const host = bracketed ? text.slice(1, text.indexOf(']')) : text.includes('.') ? text.split(':')[0] : text;
  if (isIP(host) === 0) throw new UsageError(`--dns-server "${text}" is not an IP address (optionally with :port)`, 'e.g. 192.0.2.53 or 192.0.2.53:5353');
  const port = bracketed ? text.slice(text.indexOf(']') + 2) : text.includes('.') ? text.split(':')[1] : undefined;
  // Node's resolver takes any number and wraps it past 65535: refuse what no server listens on.
  if (port !== undefined && port !== '' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw new UsageError(`--dns-server "${text}" has port "${port}", which is not 1 to 65535`, 'e.g. 192.0.2.53:5353');
  }
  return text;
}

/**
 * Reverse lookups through one resolver: the system's DNS servers, or `servers`. One try, a
 * short timeout: a missing PTR record must not slow a collect down.
 */
export function reverseLookup(servers?: readonly string[], timeoutMs = 1500): ReverseLookup {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers && servers.length > 0) resolver.setServers(servers.map(checkDnsServer));
  return async (ip) => {
    try {
      const [name] = await resolver.reverse(ip);
      return name?.replace(/\.$/, '') || undefined;
    } catch {
      return undefined;
    }
  };
}

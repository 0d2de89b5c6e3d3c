import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `HOST:PORT`, `[IPv6]:PORT` or `name:PORT`; port 0 lets the system pick a free one. */
export function parseListen(text: string, flag = '--listen'): ListenAddress {
  const bad = (why: string) => new UsageError(`${flag} "${text}" ${why}`, 'e.g. 127.0.0.1:8443, [::1]:8443 or receiver.example:8443');
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (!m) throw bad(text.split(':').length > 2 ? 'looks like a bare IPv6 address: put it in brackets' : 'is not HOST:PORT');
  const port = Number(m[3]);
  if (port > 65535) throw bad('has a port above 65535');
  if (m[1] !== undefined) {
    if (isIP(m[1]) !== 6) throw bad('has brackets around something that is not an IPv6 address');
    return { host: m[1], port };
  }
  if (isIP(m[2]) === 0 && (!HOSTNAME.test(m[2]) || /^[\d.]+$/.test(m[2]))) throw bad('has a host that is neither an IP address nor a host name');
  return { host: m[2], port };
}

export function urlFor(secure: boolean, host: string, port: number): string {
  return `${secure ? 'https' : 'http'}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

import { describe, expect, it } from 'vitest';
import { parseListen, urlFor } from '../../src/receive/listen.js';

describe('--listen', () => {
  it.each([
    ['127.0.0.1:8443', '127.0.0.1', 8443],
    ['127.0.0.1:0', '127.0.0.1', 0],
    ['[::1]:8443', '::1', 8443],
    ['localhost:65535', 'localhost', 65535],
    ['receiver.example:443', 'receiver.example', 443],
  ])('%s → %s port %i', (text, host, port) => {
    expect(parseListen(text)).toEqual({ host, port });
  });

  it.each([
    ['8443', /is not HOST:PORT/],
    ['127.0.0.1', /is not HOST:PORT/],
    ['127.0.0.1:', /is not HOST:PORT/],
    ['127.0.0.1:99999', /above 65535/],
    ['::1:8443', /bare IPv6 address: put it in brackets/],
    ['[127.0.0.1]:8443', /not an IPv6 address/],
    ['300.1.1.1:80', /neither an IP address nor a host name/],
    ['bad_host:80', /neither an IP address nor a host name/],
  ])('refuses %s, naming --listen', (text, message) => {
    expect(() => parseListen(text)).toThrow(message);
    expect(() => parseListen(text)).toThrow(/^--listen "/);
  });

  it('brackets IPv6 hosts in URLs', () => {
    expect(urlFor(true, '::1', 8443)).toBe('https://[::1]:8443');
    expect(urlFor(false, '127.0.0.1', 80)).toBe('http://127.0.0.1:80');
  });
});

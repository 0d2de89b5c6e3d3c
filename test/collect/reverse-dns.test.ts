import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDnsServer, reverseLookup } from '../../src/collect/reverse-dns.js';
import { startPtrServer, type PtrServer } from '../helpers/dns-server.js';

let dns: PtrServer;
beforeAll(async () => {
  dns = await startPtrServer({ '127.40.0.7': 'prn-3rd-floor.example.test' });
});
afterAll(() => dns.close());

describe('reverse DNS', () => {
  it('names an address with a PTR record, through the DNS server given', async () => {
    const lookup = reverseLookup([dns.address]);
    expect(await lookup('127.40.0.7')).toBe('prn-3rd-floor.example.test');
    expect(dns.queries).toContain('7.0.40.127.in-addr.arpa');
  });

  it('an address without one has no name, and no error', async () => {
    expect(await reverseLookup([dns.address])('127.40.0.8')).toBeUndefined();
  });

  it('a server that does not answer gives no name, and no error', async () => {
    expect(await reverseLookup(['127.40.0.250:9'], 300)('127.40.0.7')).toBeUndefined();
  });

  it.each(['dns.example.test', '127.0.0', ''])('refuses --dns-server %j', (bad) => {
    expect(() => checkDnsServer(bad)).toThrow(/is not an IP address/);
  });

  it.each(['127.0.0.1:99999', '127.0.0.1:0', '[::1]:70000', '127.0.0.1:53x'])('refuses --dns-server %j: a port no server listens on', (bad) => {
    expect(() => checkDnsServer(bad)).toThrow(/which is not 1 to 65535/);
  });

  it.each(['127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353'])('takes --dns-server %j', (good) => {
    expect(checkDnsServer(good)).toBe(good);
  });
});

import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthLimiter } from '../../src/receive/auth-limit.js';
import { IdempotencyStore } from '../../src/receive/idempotency.js';
import { startReceiver, type ReceiverEvent } from '../../src/receive/server.js';
import { client, tempDir, writeTokens } from './helpers.js';

describe('failed authentications', () => {
  it('an address past the limit waits until its failures age out', () => {
    let now = 1_000_000;
    const limiter = new AuthLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('192.0.2.7')).toBe(0);
      limiter.fail('192.0.2.7');
      now += 1000;
    }
    expect(limiter.retryAfter('192.0.2.7')).toBe(57);
    expect(limiter.retryAfter('192.0.2.8')).toBe(0);
    now += 57_000;
    expect(limiter.retryAfter('192.0.2.7')).toBe(0);
  });

  it('the receiver answers 429 with Retry-After once an address has failed too often, even with a good token', async () => {
    const data = tempDir('limit');
    const { file, tokens } = writeTokens(data, ['site-a']);
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed' });
    const http = client(readFileSync(receiver.caPath!, 'utf8'));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await http.get(`${receiver.url}/v1/config`, 'wrong-token-guess')).status);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      const blocked = await http.get(`${receiver.url}/v1/config`, tokens['site-a']);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await http.close();
      await receiver.close();
    }
  });
});

describe('the tokens file', () => {
  it('is read again when it changes: a revoked token stops working, a bad edit keeps the old tokens', async () => {
    const data = tempDir('tokens-reload');
    const { file, tokens } = writeTokens(data, ['site-a', 'site-b']);
    const events: ReceiverEvent[] = [];
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(data, 'store'), tokensFile: file, tls: 'self-signed', log: (e) => events.push(e) });
    const http = client(readFileSync(receiver.caPath!, 'utf8'));
    const config = (token: string) => http.get(`${receiver.url}/v1/config`, token).then((r) => r.status);
    try {
      expect(await config(tokens['site-b'])).toBe(200);
      writeFileSync(file, JSON.stringify([{ collector: 'site-a', token: tokens['site-a'] }]));
      bumpMtime(file);
      expect(await config(tokens['site-b'])).toBe(401);
      expect(await config(tokens['site-a'])).toBe(200);
      writeFileSync(file, '[{"collector": "site-a"');
      bumpMtime(file, 2);
      expect(await config(tokens['site-a'])).toBe(200);
      expect(events.some((e) => e.type === 'tokensRejected')).toBe(true);
    } finally {
      await http.close();
      await receiver.close();
    }
  });
});

describe('idempotency answers', () => {
  it('older than the keeping time are forgotten at start', async () => {
    const dir = join(tempDir('idem'), 'idempotency');
    mkdirSync(dir, { recursive: true });
    const store = new IdempotencyStore(dir);
    await store.put('site-a', 'old-key', { status: 201, body: {} });
    await store.put('site-a', 'new-key', { status: 201, body: {} });
    const [oldFile] = readdirSync(dir).filter((n) => n.endsWith('.json'));
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      const age = name === oldFile ? 100 : 1;
      utimesSync(join(dir, name), (now - age * 86_400_000) / 1000, (now - age * 86_400_000) / 1000);
    }
    expect(await store.prune(90 * 86_400_000, now)).toBe(1);
    expect(readdirSync(dir)).toHaveLength(1);
  });
});

/** Some file systems keep whole-second times: make the change visible whatever the clock did. */
function bumpMtime(file: string, seconds = 1): void {
  const t = Date.now() / 1000 + seconds;
  utimesSync(file, t, t);
}

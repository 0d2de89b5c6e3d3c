import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sealedFileName, sealReport } from '../../src/report/seal.js';
import type { Report } from '../../src/report/types.js';
import { startReceiver, type Receiver, type ReceiverEvent } from '../../src/receive/server.js';
import { client, demoReport, tempDir, writeTokens } from './helpers.js';

const auth = (token: string, key: string) => ({ authorization: `Bearer ${token}`, 'idempotency-key': key });
const ndjsonLines = (dir: string) =>
  readFileSync(join(dir, 'reports.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('the receiver', () => {
  const data = tempDir('server');
  const { file: tokensFile, tokens } = writeTokens(tempDir('tokens'), ['site-a', 'site-b']);
  const events: ReceiverEvent[] = [];
  let receiver: Receiver;
  let http: ReturnType<typeof client>;
  let report: Report;
  let sealed: Uint8Array;

  const start = () => startReceiver({ host: '127.0.0.1', port: 0, dataDir: data, tokensFile, tls: 'self-signed', maxBodyBytes: 64 * 1024, log: (e) => events.push(e) });

  beforeAll(async () => {
    receiver = await start();
    http = client(readFileSync(receiver.caPath!, 'utf8'));
    report = await demoReport();
    sealed = await sealReport(report, receiver.recipient);
  });
  afterAll(async () => {
    await http.close();
    await receiver.close();
  });

  it('stores the sealed body, appends exactly the report as one line, and answers 201', async () => {
    const r = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-1'));
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ reportId: report.reportId, devices: 2, receivedAt: expect.any(String) });
    expect(ndjsonLines(data).map((l) => JSON.parse(l))).toEqual([report]);
    expect(readFileSync(join(data, 'reports', 'site-a', sealedFileName(report.reportId)))).toEqual(Buffer.from(sealed));
  });

  it('answers a retry with the first answer and no second line', async () => {
    const first = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-2'));
    const again = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-2'));
    expect(again.status).toBe(first.status);
    expect(again.json).toEqual(first.json);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(ndjsonLines(data)).toHaveLength(1);
  });

  it('serializes concurrent requests with the same key: one line, one answer', async () => {
    const other = await demoReport(1);
    const body = await sealReport(other, receiver.recipient);
    const replies = await Promise.all([1, 2, 3, 4].map(() => http.post(receiver.url, body, auth(tokens['site-b'], 'same'))));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((r) => JSON.stringify(r.json))).size).toBe(1);
    expect(replies.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(ndjsonLines(data).filter((l) => JSON.parse(l).reportId === other.reportId)).toHaveLength(1);
  });

  it('answers 200 and adds no line for a report already appended, here under another collector\'s key', async () => {
    const other = await http.post(receiver.url, sealed, auth(tokens['site-b'], 'push-1'));
    expect(other.status).toBe(200);
    expect(other.json).toMatchObject({ reportId: report.reportId, devices: 2 });
    expect(ndjsonLines(data).filter((l) => JSON.parse(l).reportId === report.reportId)).toHaveLength(1);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-at-all' }],
    ['another scheme', { authorization: 'Basic c2l0ZS1hOnNlY3JldA==' }],
  ])('refuses %s with 401 and WWW-Authenticate: Bearer', async (_name, headers) => {
    const r = await http.post(receiver.url, sealed, { ...headers, 'idempotency-key': 'k' });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(r.json).toEqual({ error: expect.any(String) });
  });

  it.each([
    ['missing', undefined],
    ['over 200 characters', 'k'.repeat(201)],
  ])('refuses an Idempotency-Key that is %s with 400', async (_name, key) => {
    const r = await http.post(receiver.url, sealed, { authorization: `Bearer ${tokens['site-a']}`, ...(key ? { 'idempotency-key': key } : {}) });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Idempotency-Key/);
  });

  it('refuses a body over the limit with 413, by Content-Length', async () => {
    const r = await http.post(receiver.url, Buffer.alloc(64 * 1024 + 1), auth(tokens['site-a'], 'big'));
    expect(r.status).toBe(413);
  });

  it('refuses a streamed body over the limit with 413 as soon as it passes the limit', async () => {
    let sent = 0;
    const chunk = Buffer.alloc(16 * 1024);
    // The stream would go on for ever: only an early answer ends this test.
    async function* endless() {
      for (;;) {
        sent += chunk.length;
        yield chunk;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const r = await http.post(receiver.url, endless() as unknown as string, auth(tokens['site-a'], 'stream'));
    expect(r.status).toBe(413);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
  });

  it('answers 422 for a body that is not a sealed report, and keeps it in rejected/', async () => {
    const r = await http.post(receiver.url, 'garbage', auth(tokens['site-a'], 'bad'));
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/cannot decrypt/);
    const kept = readdirSync(join(data, 'rejected', 'site-a'));
    expect(kept.filter((f) => f.endsWith('.age')).map((f) => readFileSync(join(data, 'rejected', 'site-a', f), 'utf8'))).toContain('garbage');
  });

  it('answers 422 for a report sealed to someone else', async () => {
    const stranger = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: tempDir('stranger'), tls: 'none' });
    await stranger.close();
    const r = await http.post(receiver.url, await sealReport(report, stranger.recipient), auth(tokens['site-a'], 'stranger'));
    expect(r.status).toBe(422);
  });

  it('serves /v1/config with its own recipient to a collector with a token', async () => {
    expect((await http.get(`${receiver.url}/v1/config`)).status).toBe(401);
    const r = await http.get(`${receiver.url}/v1/config`, tokens['site-b']);
    expect(r).toMatchObject({ status: 200, json: { recipient: receiver.recipient } });
  });

  it.each([
    ['GET', '/v1/health', 200, { ok: true }],
    ['GET', '/v1/health?token=x', 200, { ok: true }],
    ['GET', '/v1/nothing', 404, { error: 'no such path: /v1/nothing' }],
    ['GET', '/v1/reports', 405, { error: '/v1/reports takes POST' }],
    ['POST', '/v1/health', 405, { error: '/v1/health takes GET' }],
  ])('%s %s answers %i without a token', async (method, path, status, json) => {
    expect(await http.call(`${receiver.url}${path}`, { method: method as 'GET' | 'POST' })).toMatchObject({ status, json });
  });

  it('never writes a token into its log', () => {
    const text = JSON.stringify(events);
    expect(events.filter((e) => e.type === 'request').length).toBeGreaterThan(10);
    for (const token of Object.values(tokens)) expect(text).not.toContain(token);
    expect(events).toContainEqual(expect.objectContaining({ type: 'request', collector: 'site-a', status: 201, reportId: report.reportId }));
  });

  it('after a restart on the same directory, a retry still gets the first answer and adds no line', async () => {
    const before = ndjsonLines(data);
    const first = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-1'));
    await receiver.close();
    receiver = await start();
    const again = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-1'));
    expect(again).toMatchObject({ status: first.status, json: first.json });
    const fresh = await http.post(receiver.url, sealed, auth(tokens['site-a'], 'push-after-restart'));
    expect(fresh.status).toBe(200);
    expect(ndjsonLines(data)).toEqual(before);
  });
});

describe('the receiver as a library', () => {
  it('prints nothing', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const data = tempDir('quiet');
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: data, tls: 'self-signed' });
    const [{ token }] = JSON.parse(readFileSync(receiver.tokensFile, 'utf8'));
    const http = client(readFileSync(receiver.caPath!, 'utf8'));
    const r = await http.post(receiver.url, await sealReport(await demoReport(1), receiver.recipient), auth(token, 'q'));
    await http.close();
    await receiver.close();
    expect(r.status).toBe(201);
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('serves on [::1] with a certificate that covers it', async () => {
    const receiver = await startReceiver({ host: '::1', port: 0, dataDir: tempDir('v6'), tls: 'self-signed' });
    expect(receiver.url).toBe(`https://[::1]:${receiver.port}`);
    const http = client(readFileSync(receiver.caPath!, 'utf8'));
    expect((await http.get(`${receiver.url}/v1/health`)).json).toEqual({ ok: true });
    await http.close();
    await receiver.close();
  });

  it('finishes a request in flight when closed, then accepts no more', async () => {
    const dir = tempDir('in-flight');
    const { file, tokens } = writeTokens(dir, ['site-a']);
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), tokensFile: file, tls: 'self-signed' });
    const report = await demoReport(1);
    const body = Buffer.from(await sealReport(report, receiver.recipient));
    const socket = connect({ host: '127.0.0.1', port: receiver.port, ca: readFileSync(receiver.caPath!) });
    let received = '';
    socket.setEncoding('utf8').on('data', (d: string) => (received += d));
    socket.write(
      `POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens['site-a']}\r\nIdempotency-Key: k\r\n` +
        `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    // "100 Continue" proves the receiver has the request in hand before it is told to stop.
    while (!received.includes('100 Continue')) await once(socket, 'data');
    const closed = receiver.close();
    socket.write(body);
    await once(socket, 'close');
    await closed;
    const final = received.slice(received.indexOf('\r\n\r\n') + 4);
    expect(final).toMatch(/^HTTP\/1\.1 201 /);
    expect(final).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(final.slice(final.indexOf('\r\n\r\n') + 4))).toMatchObject({ reportId: report.reportId });
    expect(ndjsonLines(join(dir, 'data'))).toHaveLength(1);
    const refused = connect({ host: '127.0.0.1', port: receiver.port, ca: readFileSync(receiver.caPath!) });
    await expect(once(refused, 'secureConnect')).rejects.toThrow(/ECONNREFUSED/);
  });
});

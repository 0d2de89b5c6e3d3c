import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReceiver, type ReceiverEvent } from '../../src/receive/server.js';
import { ReportStore } from '../../src/receive/store.js';
import { selfSignedTls } from '../../src/receive/tls.js';
import { client, demoReport, tempDir, writeTokens } from './helpers.js';

describe('the self-signed certificate', () => {
  it('covers the listen host and loopback, keeps its key 0600, and is reused while it still fits', async () => {
    const dir = tempDir('tls');
    const first = await selfSignedTls(dir, 'receiver.example');
    expect(first.created).toBe(true);
    const cert = new X509Certificate(first.cert);
    for (const ip of ['127.0.0.1', '::1']) expect(cert.checkIP(ip)).toBe(ip);
    for (const host of ['receiver.example', 'localhost']) expect(cert.checkHost(host)).toBe(host);
    expect(statSync(join(dir, 'key.pem')).mode & 0o777).toBe(0o600);

    const again = await selfSignedTls(dir, 'receiver.example');
    expect(again).toMatchObject({ created: false, cert: first.cert, certPath: first.certPath });
  });

  it.each([
    ['the host is not covered', '127.0.0.2', new Date()],
    ['it is about to expire', 'localhost', new Date(Date.now() + 350 * 24 * 3600 * 1000)],
  ])('is replaced when %s', async (_name, host, now) => {
    const dir = tempDir('tls-replace');
    const first = await selfSignedTls(dir, 'localhost');
    const next = await selfSignedTls(dir, host, now);
    expect(next.created).toBe(true);
    expect(next.cert).not.toBe(first.cert);
  });

  it('is used for --cert/--key files too, checked to belong together', async () => {
    const dir = tempDir('tls-files');
    const a = await selfSignedTls(join(dir, 'a'), 'localhost');
    await selfSignedTls(join(dir, 'b'), 'localhost');
    const start = (keyFile: string) =>
      startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), tls: { certFile: a.certPath, keyFile } });
    await expect(start(join(dir, 'b', 'key.pem'))).rejects.toThrow(/is not the key of --cert/);
    const receiver = await start(join(dir, 'a', 'key.pem'));
    expect(receiver.caPath).toBeUndefined();
    const http = client(a.cert);
    expect((await http.get(`${receiver.url}/v1/health`)).status).toBe(200);
    await http.close();
    await receiver.close();
  });
});

describe('reports.ndjson after a crash', () => {
  it('cuts off a torn last line and remembers the whole ones', async () => {
    const dir = tempDir('torn');
    const report = await demoReport(1);
    const whole = JSON.stringify(report) + '\n';
    writeFileSync(join(dir, 'reports.ndjson'), whole + '{"reportId":"00000000-0000-4000-8000-0000000');
    const store = await ReportStore.open(dir);
    expect(store.has(report.reportId)).toBe(true);
    expect(readFileSync(join(dir, 'reports.ndjson'), 'utf8')).toBe(whole);
    const next = await demoReport(1);
    expect(await store.append(next)).toBe(true);
    expect(await store.append(next)).toBe(false);
    await store.close();
    expect(readFileSync(join(dir, 'reports.ndjson'), 'utf8')).toBe(whole + JSON.stringify(next) + '\n');
  });

  it('refuses to start on a damaged line in the middle', async () => {
    const dir = tempDir('damaged');
    writeFileSync(join(dir, 'reports.ndjson'), 'not json\n{"reportId":"x"}\n');
    await expect(ReportStore.open(dir)).rejects.toThrow(/reports\.ndjson:1 is not a report line/);
  });
});

describe('/v1/config', () => {
  it.each([
    ['adds the receiver\'s recipient to a file without one', { schedule: { pushMinutes: 60 } }, true],
    ['keeps the recipient the file names', { recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq' }, false],
  ])('%s', async (_name, doc, added) => {
    const dir = tempDir('config');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(doc));
    const { file, tokens } = writeTokens(dir, ['site-a']);
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), tokensFile: file, tls: 'none', configFile: config });
    const http = client('');
    const r = await http.get(`${receiver.url}/v1/config`, tokens['site-a']);
    expect(r).toMatchObject({ status: 200, json: added ? { ...doc, recipient: receiver.recipient } : doc });
    await http.close();
    await receiver.close();
  });

  it('serves an edited file, and keeps the last good one when an edit does not validate', async () => {
    const dir = tempDir('config-edit');
    const config = join(dir, 'config.json');
    const events: ReceiverEvent[] = [];
    const write = (doc: object, seconds: number) => {
      writeFileSync(config, JSON.stringify(doc));
      utimesSync(config, seconds, seconds);
    };
    write({ schedule: { pushMinutes: 60 } }, 1_000_000);
    const { file, tokens } = writeTokens(dir, ['site-a']);
    const receiver = await startReceiver({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'data'), tokensFile: file, tls: 'none', configFile: config, log: (e) => events.push(e) });
    const http = client('');
    const served = async () => (await http.get(`${receiver.url}/v1/config`, tokens['site-a'])).json.schedule;
    write({ schedule: { pushMinutes: 30 } }, 2_000_000);
    expect(await served()).toEqual({ pushMinutes: 30 });
    write({ schedule: { pushMinutes: 0 } }, 3_000_000);
    expect(await served()).toEqual({ pushMinutes: 30 });
    expect(events).toContainEqual({ type: 'configRejected', message: expect.stringContaining('/schedule/pushMinutes') });
    await http.close();
    await receiver.close();
  });
});

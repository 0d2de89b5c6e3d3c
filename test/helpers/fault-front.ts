import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { selfSignedTls } from '../../src/receive/tls.js';

/** What the front does with one request; each script (POSTs, GETs) is used in order, then requests are forwarded. */
export type Fault =
  | 'forward'
  | { status: number; headers?: Record<string, string>; body?: string }
  /** cut the connection after part of the body arrived */
  | 'reset'
  /** hold the request and never answer */
  | 'hang'
  /** forward, then hold the answer this long (past the client's timeout) */
  | { forwardThenDelayMs: number };

export interface Seen {
  at: number;
  method: string;
  path: string;
  idempotencyKey?: string;
  authorization?: string;
  bytes: number;
}

export interface FaultFront {
  url: string;
  /** the front's own certificate, for `--ca` */
  caPath: string;
  seen: Seen[];
  /** resolves when the n-th request (1-based) has arrived */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An HTTPS server in front of the real receiver that misbehaves as scripted: the faults of a
 * real network (resets, 5xx, 429, slowness) between the collector and a server that works.
 */
export async function startFaultFront(target: { url: string; caPath?: string }, script: Fault[], gets: Fault[] = []): Promise<FaultFront> {
  const dir = mkdtempSync(join(tmpdir(), 'printscan-front-'));
  const tls = await selfSignedTls(dir, '127.0.0.1');
  const upstream = new Agent({ connect: target.caPath ? { ca: readFileSync(target.caPath, 'utf8') } : {} });
  const seen: Seen[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const held = new Set<() => void>();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const fault = (req.method === 'POST' ? script : gets).shift() ?? 'forward';
    const chunks: Buffer[] = [];
    let bytes = 0;
    const note = () => {
      seen.push({
        at: Date.now(),
        method: req.method ?? '',
        path: req.url ?? '',
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        authorization: req.headers.authorization,
        bytes,
      });
      for (const w of waiters.filter((w) => w.n <= seen.length)) w.resolve();
    };
    if (fault === 'reset') {
      const cut = (chunk?: Buffer) => {
        if (req.socket.destroyed) return;
        bytes = chunk?.length ?? 0;
        note();
        req.socket.destroy();
      };
      req.once('data', cut);
      req.once('end', () => cut());
      return;
    }
    req.on('data', (c: Buffer) => {
      chunks.push(c);
      bytes += c.length;
    });
    req.on('end', async () => {
      note();
      if (fault === 'hang') {
        held.add(() => res.destroy());
        return;
      }
      if (typeof fault === 'object' && 'status' in fault) {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ error: `scripted ${fault.status}` }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k))) as Record<string, string>;
      const answer = await request(new URL(req.url ?? '/', target.url), {
        method: req.method as 'GET' | 'POST',
        headers,
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
        dispatcher: upstream,
      });
      const body = Buffer.from(await answer.body.arrayBuffer());
      const send = () => {
        res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'application/json') });
        res.end(body);
      };
      if (typeof fault === 'object' && 'forwardThenDelayMs' in fault) {
        const timer = setTimeout(send, fault.forwardThenDelayMs);
        held.add(() => clearTimeout(timer));
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPath: tls.certPath,
    seen,
    arrived: (n) => (seen.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    async close() {
      for (const release of held) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

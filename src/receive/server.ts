import { mkdir } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { PrintscanError } from '../errors.js';
import { recipientOf } from '../report/seal.js';
import { AuthLimiter } from './auth-limit.js';
import { readServedConfig } from './config.js';
import { IdempotencyStore } from './idempotency.js';
import { dataDirIdentity, readIdentityFile } from './identity.js';
import { urlFor } from './listen.js';
import { DEFAULT_MAX_BODY, failure, receiveReport, type Answer, type ReportsContext } from './reports.js';
import { ReportStore } from './store.js';
import { readTlsFiles, selfSignedTls, type TlsMaterial } from './tls.js';
import { collectorForToken, dataDirTokens, readTokensFile, type TokenEntry } from './tokens.js';
import { watchedFile } from './watched-file.js';
import type { ReceiverEvent } from '../events.js';

export interface ReceiverOptions {
  host: string;
  /** 0 picks a free port; `Receiver.port` says which */
  port: number;
  dataDir: string;
  /** default: DATA/identity.txt, made on first start */
  identityFile?: string;
  /** default: DATA/tokens.json, made on first start with a token for collector "default" */
  tokensFile?: string;
  /** `self-signed` keeps a certificate in DATA/tls/; `none` is plain HTTP for behind a TLS-terminating proxy */
  tls: { certFile: string; keyFile: string } | 'self-signed' | 'none';
  /** served at /v1/config; default `{ "recipient": <ours> }` */
  configFile?: string;
  maxBodyBytes?: number;
  log?: (event: ReceiverEvent) => void;
}

export type { ReceiverEvent } from '../events.js';

export interface Receiver {
  url: string;
  port: number;
  recipient: string;
  /** absolute */
  dataDir: string;
  identityFile: string;
  tokensFile: string;
  /** the self-signed certificate clients pin with `--ca` */
  caPath?: string;
  /** stops accepting, lets requests in flight finish, then closes the store */
  close(): Promise<void>;
}

const METHODS: Record<string, string> = { '/v1/health': 'GET', '/v1/config': 'GET', '/v1/reports': 'POST' };

/** Connections still open this long after close() are cut, so a stalled client cannot hold up a shutdown. */
const CLOSE_GRACE_MS = 10_000;

/** Read before anything is made, so a mistake in a given file stops the start with nothing half done. */
async function readGiven(options: ReceiverOptions, log: (e: ReceiverEvent) => void) {
  const identityFile = options.identityFile && resolve(options.identityFile);
  const tokensFile = options.tokensFile && resolve(options.tokensFile);
  return {
    identity: identityFile ? { path: identityFile, identity: await readIdentityFile(identityFile) } : undefined,
    tokens: tokensFile ? await watchTokens(tokensFile, log) : undefined,
    tls: typeof options.tls === 'object' ? await readTlsFiles(options.tls.certFile, options.tls.keyFile) : undefined,
    config: options.configFile ? await watchedFile(options.configFile, readServedConfig, (message) => log({ type: 'configRejected', message })) : async () => ({}),
  };
}

/** A tokens file, given or the data directory's own, read again when it changes. */
async function watchTokens(path: string, log: (e: ReceiverEvent) => void): Promise<{ path: string; tokens: () => Promise<TokenEntry[]> }> {
  return { path, tokens: await watchedFile(path, readTokensFile, (message) => log({ type: 'tokensRejected', message })) };
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(new PrintscanError('listen', `cannot listen on ${host}:${port}: ${e.code ?? e.message}`, e.code === 'EADDRINUSE' ? 'another program uses that port' : undefined)),
    );
    server.listen(port, host, () => done());
  });
  return (server.address() as AddressInfo).port;
}

type Given = Awaited<ReturnType<typeof readGiven>>;

/** Everything the receiver keeps in its data directory, made on first start. */
async function openDataDir(dataDir: string, options: ReceiverOptions, given: Given, log: (e: ReceiverEvent) => void) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const own = <T extends { path: string; created: boolean }>(made: T, what: 'identity' | 'tokens'): T => {
    if (made.created) log({ type: 'created', what, path: made.path });
    return made;
  };
  const { identity, path: identityFile } = given.identity ?? own(await dataDirIdentity(dataDir), 'identity');
  const { tokens, path: tokensFile } = given.tokens ?? (await watchTokens(own(await dataDirTokens(dataDir), 'tokens').path, log));
  let tls: (TlsMaterial & { certPath?: string }) | undefined = given.tls;
  if (options.tls === 'self-signed') {
    const made = await selfSignedTls(join(dataDir, 'tls'), options.host);
    if (made.created) log({ type: 'created', what: 'certificate', path: made.certPath });
    tls = made;
  }
  const store = await ReportStore.open(dataDir);
  const idempotency = new IdempotencyStore(join(dataDir, 'idempotency'));
  await idempotency.prune();
  return { identity, identityFile, tokens, tokensFile, tls, store, idempotency };
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);

  const given = await readGiven(options, log);
  // Until the data directory is open, the few requests that could arrive are told to come back.
  let route = async (_req: IncomingMessage, _path: string): Promise<Answer> => failure(503, 'starting');
  let closing = false;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // Not `new URL`: it throws on odd request targets, and a query string (never logged) plays no part in routing.
    const path = (req.url ?? '/').split('?')[0];
    void route(req, path)
      .catch((e: Error): Answer => ({ ...failure(500, 'internal error'), error: e.message }))
      .then((answer) => {
        const text = JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(text),
          'Cache-Control': 'no-store',
          ...answer.headers,
          // An unread body (refused early) would be taken for the next request; so would a lingering keep-alive at shutdown.
          ...(!req.complete || closing ? { Connection: 'close' } : {}),
        });
        res.end(text);
        const { collector, reportId, error } = answer;
        log({ type: 'request', time: new Date().toISOString(), method: req.method ?? '', path, status: answer.status, collector, reportId, error });
      });
  };

  // Bound before anything is written, so a port in use leaves the data directory as it was.
  const server: Server = options.tls === 'none' ? createHttpServer(handle) : createHttpsServer(given.tls ?? {}, handle);
  const port = await listen(server, options.host, options.port);
  let state: Awaited<ReturnType<typeof openDataDir>>;
  try {
    state = await openDataDir(dataDir, options, given, log);
  } catch (e) {
    await new Promise<void>((done) => server.close(() => done()));
    throw e;
  }
  const { identity, identityFile, tokens, tokensFile, tls, store, idempotency } = state;
  if (options.tls === 'self-signed' && tls) (server as HttpsServer).setSecureContext({ cert: tls.cert, key: tls.key });
  const recipient = await recipientOf(identity);
  const ctx: ReportsContext = { identity, store, idempotency, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY };

  const limiter = new AuthLimiter();
  route = async (req: IncomingMessage, path: string): Promise<Answer> => {
    const allowed = METHODS[path];
    if (!allowed) return failure(404, `no such path: ${path}`);
    if (req.method !== allowed) return failure(405, `${path} takes ${allowed}`, { Allow: allowed });
    if (path === '/v1/health') return { status: 200, body: { ok: true } };
    const address = req.socket.remoteAddress ?? '';
    const wait = limiter.retryAfter(address);
    if (wait > 0) return failure(429, 'too many failed authentications from this address', { 'Retry-After': String(wait) });
    const collector = collectorForToken(req.headers.authorization, await tokens());
    if (!collector) {
      limiter.fail(address);
      return failure(401, 'a valid bearer token is required', { 'WWW-Authenticate': 'Bearer realm="printscan"' });
    }
    // The file's own recipient, when it names one, wins over the receiver's.
    if (path === '/v1/config') return { status: 200, body: { recipient, ...(await given.config()) }, collector };
    return { ...(await receiveReport(req, collector, ctx)), collector };
  };

  return {
    url: urlFor(tls !== undefined, options.host, port),
    port,
    recipient,
    dataDir,
    identityFile,
    tokensFile,
    caPath: tls?.certPath,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      await closed;
      clearTimeout(cut);
      await store.close();
    },
  };
}

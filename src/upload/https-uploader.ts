import type { Dispatcher } from 'undici';
import { UsageError } from '../errors.js';
import { rememberSecrets } from '../secrets.js';
import { readTextFile } from '../fs/read-text-file.js';
import { retryAfterMs } from './retry-after.js';
import { UploadError, type Uploader } from './uploader.js';

export interface ServerConnection {
  /** base URL; reports go to `{server}/v1/reports` */
  server: string;
  token: string;
  /** explicit proxy; otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply */
  proxy?: string;
  /** PEM file of a private CA to trust besides the system's */
  caFile?: string;
  /** plain http:// is refused unless this is set */
  allowHttp?: boolean;
  timeoutMs: number;
}

/** The server URL without credentials, for messages. */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href.replace(/\/$/, '');
}

export function serverUrl(server: string, allowHttp = false): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server "${server}" is not a URL`, 'e.g. https://fleet.example.com');
  }
  if (url.protocol === 'http:' && !allowHttp) {
    throw new UsageError(`--server ${displayUrl(url)} is plain http: reports and the token would travel readable`, 'use https://, or add --allow-http if you must');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--server "${displayUrl(url)}" must be an https:// URL`);
  if (url.username || url.password) throw new UsageError('--server must not carry credentials in the URL', 'pass the token with --token or PRINTSCAN_TOKEN');
  return url;
}

export function endpoint(base: URL, path: string): URL {
  return new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base.href : base.href + '/');
}

const TIMEOUT_BACKSTOP_MS = 1000;

/** One dispatcher for every request to the server: proxy and CA settings apply alike to config and reports. */
export async function serverDispatcher(c: ServerConnection): Promise<Dispatcher> {
  rememberSecrets([c.token]);
  const { Agent, EnvHttpProxyAgent, ProxyAgent } = await import('undici');
  const ca = c.caFile ? readTextFile(c.caFile, '--ca') : undefined;
  const tls = ca ? { ca } : undefined;
  // A backstop behind the upload's own timeout (an abort signal per try): two timers of one length
  // would race, and the loser's message would name the wrong cause.
  const backstopMs = c.timeoutMs + TIMEOUT_BACKSTOP_MS;
  const timeouts = { headersTimeout: backstopMs, bodyTimeout: backstopMs, connectTimeout: Math.min(backstopMs, 30_000) };
  if (c.proxy) {
    try {
      new URL(c.proxy);
    } catch {
      throw new UsageError(`--proxy "${c.proxy}" is not a URL`, 'e.g. http://proxy.example.com:3128');
    }
    return new ProxyAgent({ uri: c.proxy, requestTls: tls, ...timeouts });
  }
  const env = process.env;
  const proxied = env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy;
  if (proxied) return new EnvHttpProxyAgent({ connect: tls, requestTls: tls, ...timeouts });
  return new Agent({ connect: tls, ...timeouts });
}

/** The server's own words, short: `{error}` JSON or the start of its text. */
export async function serverMessage(body: Dispatcher.ResponseData['body']): Promise<string> {
  const text = (await body.text().catch(() => '')).trim();
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const said = parsed.error ?? parsed.message;
    if (typeof said === 'string') return said.slice(0, 300);
  } catch {
    // not JSON: the text itself is the message
  }
  return text.slice(0, 300) || '(no message)';
}

/** Status codes worth another try: the request may succeed later as it is. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Node's and undici's codes for a server certificate that does not verify. */
export function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(code);
}

export function networkError(e: unknown, what: string): UploadError {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'AbortError') return new UploadError(`${what}: interrupted`, { retryable: false });
  const code = err.code ?? err.cause?.code;
  const message = err.cause?.message ?? err.message;
  const detail = code && !message.includes(code) ? `${code} ${message}` : message;
  // A certificate that does not verify will not verify on the next try either.
  if (isCertificateError(code)) {
    return new UploadError(`${what}: certificate not trusted (${detail}): --ca FILE adds a private CA`, { retryable: false });
  }
  if (code === 'ECONNREFUSED') return new UploadError(`${what}: connection refused (${detail})`, { retryable: true });
  return new UploadError(`${what}: ${detail}`, { retryable: true });
}

/** POST {server}/v1/reports with a bearer token; the reportId is the Idempotency-Key, so a retry never duplicates. */
/** The caller owns `dispatcher` (shared with the config request) and closes it. */
export function httpsUploader(c: ServerConnection, dispatcher: Dispatcher): Uploader {
  rememberSecrets([c.token]);
  const url = endpoint(serverUrl(c.server, c.allowHttp), 'v1/reports');
  const where = displayUrl(url);
  return {
    name: 'https',
    async upload(report, { signal }) {
      let response: Dispatcher.ResponseData;
      try {
        response = await dispatcher.request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          signal,
          headers: {
            authorization: `Bearer ${c.token}`,
            'content-type': report.contentType,
            'idempotency-key': report.reportId,
            'user-agent': 'printscan',
          },
          body: report.body,
        });
      } catch (e) {
        throw networkError(e, `POST ${where}`);
      }
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) {
        await response.body.dump();
        return { detail: `${statusCode} from ${where}` };
      }
      const message = await serverMessage(response.body);
      if (statusCode >= 300 && statusCode < 400) {
        throw new UploadError(`${where} answered ${statusCode} (redirect to ${response.headers.location ?? '?'}); give that address as --server`, { retryable: false, status: statusCode });
      }
      throw new UploadError(`${where} answered ${statusCode}: ${message}`, {
        retryable: retryableStatus(statusCode),
        retryAfterMs: retryAfterMs(response.headers['retry-after']),
        status: statusCode,
      });
    },
  };
}

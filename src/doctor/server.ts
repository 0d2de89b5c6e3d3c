import type { Dispatcher } from 'undici';
import { PrintscanError } from '../errors.js';
import { displayUrl, endpoint, isCertificateError, serverMessage } from '../upload/https-uploader.js';
import { parseServerConfig, type ServerConfig } from '../upload/server-config.js';
import { fail, ok, skip, type Check } from './check.js';
import { checkSkew } from './local.js';

export interface ServerTarget {
  base: URL;
  token?: string;
  /** why the token could not be read (an unreadable --token-file): a finding, not a usage error */
  tokenProblem?: string;
  /** with the proxy and CA settings of a push (`serverDispatcher`); the caller closes it */
  dispatcher: Dispatcher;
  timeoutMs: number;
}

interface Answer {
  status: number;
  date?: string;
  body: Dispatcher.ResponseData['body'];
}

async function get(dispatcher: Dispatcher, url: URL, timeoutMs: number, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'printscan' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const r = await dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
  const date = r.headers.date;
  return { status: r.statusCode, date: typeof date === 'string' ? date : undefined, body: r.body };
}

function unreachable(e: unknown, server: string): Check[] {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const message = err.cause?.message ?? err.message;
  const detail = code && !message.includes(code) ? `${code} ${message}` : message;
  if (isCertificateError(code)) {
    return [ok('server', `${server} answers`), fail('tls', `the certificate of ${server} is not trusted (${detail}): pass --ca FILE with the certificate of the CA that signed it`)];
  }
  const why = err.name === 'TimeoutError' ? 'no answer in time' : detail;
  return [fail('server', `cannot reach ${server} (${why}): check the URL, the network, the firewall and --proxy`)];
}

/** The token, asked for the collector's configuration: the one request that proves it without sending a report. */
async function checkToken(dispatcher: Dispatcher, t: ServerTarget, server: string): Promise<{ check: Check; config?: ServerConfig; configCheck?: Check }> {
  if (t.tokenProblem) return { check: fail('token', t.tokenProblem) };
  if (t.token === undefined) return { check: fail('token', `no token for ${server}: pass --token-file FILE (or PRINTSCAN_TOKEN)`) };
  const answer = await get(dispatcher, endpoint(t.base, 'v1/config'), t.timeoutMs, t.token);
  if (answer.status === 404) {
    await answer.body.dump();
    return { check: skip('token', `${server} serves no /v1/config, so only a push can prove the token`) };
  }
  if (answer.status !== 200) {
    const said = await serverMessage(answer.body);
    const fix = answer.status === 401 || answer.status === 403 ? 'check --token-file against the server\'s tokens' : 'see the server\'s log';
    return { check: fail('token', `${server} answered ${answer.status} (${said}): ${fix}`) };
  }
  const check = ok('token', `accepted by ${server}`);
  try {
    return { check, config: parseServerConfig(await answer.body.json(), `the configuration from ${server}`) };
  } catch (e) {
    const why = e instanceof PrintscanError ? e.message : `not JSON (${(e as Error).message})`;
    return { check, configCheck: fail('config', `${why}: fix the configuration the server serves`) };
  }
}

export interface ServerResult {
  checks: Check[];
  config?: ServerConfig;
}

/** Reachable, TLS trusted, the clocks agree, the token accepted; the configuration it serves, when it does. */
export async function checkServer(t: ServerTarget, now: () => number): Promise<ServerResult> {
  const server = displayUrl(t.base);
  const { dispatcher } = t;
  let health: Answer;
  try {
    health = await get(dispatcher, endpoint(t.base, 'v1/health'), t.timeoutMs);
    await health.body.dump();
  } catch (e) {
    const checks = unreachable(e, server);
    return { checks: [...checks, skip('token', 'not checked: the server cannot be used')] };
  }
  const checks: Check[] = [ok('server', `${server} answers (HTTP ${health.status})`)];
  checks.push(t.base.protocol === 'https:' ? ok('tls', `the certificate of ${server} is trusted`) : skip('tls', `${server} is plain http (--allow-http): the token travels readable`));
  checks.push(checkSkew(now(), health.date, server));
  const token = await checkToken(dispatcher, t, server).catch((e: unknown) => ({ check: unreachable(e, server).at(-1)!, config: undefined, configCheck: undefined }));
  checks.push(token.check);
  if (token.configCheck) checks.push(token.configCheck);
  return { checks, config: token.config };
}

import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { PrintscanError } from '../errors.js';
import { rememberSecrets } from '../secrets.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readStateFile } from '../fs/state-file.js';
import { displayUrl, endpoint, networkError, retryableStatus, serverMessage } from './https-uploader.js';
import { parseServerConfig, type ServerConfig } from './server-config.js';

export const CACHE_FILE = 'server-config.json';
export const SERVER_PROFILES_DIR = 'server-profiles';

export interface FetchedConfig {
  config: ServerConfig;
  source: 'server' | 'cache';
  fetchedAt: string;
  /** why the cached copy is in use, when it is */
  warning?: string;
}

interface CacheFile {
  fetchedAt: string;
  server: string;
  config: unknown;
}

async function readCache(stateDir: string, server: string): Promise<{ config: ServerConfig; fetchedAt: string } | undefined> {
  const cache = await readStateFile<CacheFile>(stateDir, CACHE_FILE);
  if (cache.server !== server) return undefined;
  return { config: parseServerConfig(cache.config, `cached ${CACHE_FILE}`), fetchedAt: cache.fetchedAt ?? 'an unknown time' };
}

/** Profiles the server sends become a profile directory, loaded like the user's own `--mibs`. */
async function writeProfiles(stateDir: string, config: ServerConfig): Promise<void> {
  const dir = join(stateDir, SERVER_PROFILES_DIR);
  await mkdir(dir, { recursive: true });
  const wanted = new Set(config.profiles.map((p) => `${p.id}.json`));
  for (const name of await readdir(dir)) if (!wanted.has(name)) await rm(join(dir, name), { force: true });
  for (const { file: _file, ...profile } of config.profiles) await writeFileAtomic(join(dir, `${profile.id}.json`), JSON.stringify(profile, null, 2) + '\n');
}

async function download(base: URL, token: string, dispatcher: Dispatcher): Promise<unknown> {
  rememberSecrets([token]);
  const url = endpoint(base, 'v1/config');
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': 'printscan' } });
  } catch (e) {
    throw networkError(e, `GET ${displayUrl(url)}`);
  }
  if (response.statusCode !== 200) {
    const message = await serverMessage(response.body);
    const code = response.statusCode === 401 || response.statusCode === 403 ? 'configRefused' : retryableStatus(response.statusCode) ? 'serverUnavailable' : 'noConfigServed';
    throw new PrintscanError(code, `GET ${displayUrl(url)} answered ${response.statusCode}: ${message}`);
  }
  try {
    return await response.body.json();
  } catch (e) {
    throw new PrintscanError('badConfig', `GET ${displayUrl(url)}: the answer is not JSON (${(e as Error).message})`);
  }
}

/**
 * Asks the server for this collector's configuration and caches it; when the server cannot
 * be reached, or sends something invalid, the last good copy is used and the reason returned.
 */
export async function fetchServerConfig(stateDir: string, base: URL, token: string, dispatcher: Dispatcher): Promise<FetchedConfig> {
  const server = displayUrl(base);
  let config: ServerConfig;
  try {
    config = parseServerConfig(await download(base, token, dispatcher), `config from ${server}`);
  } catch (e) {
    if (e instanceof PrintscanError && e.code === 'configRefused') throw e;
    const why = e instanceof PrintscanError && e.code === 'badConfig' ? `refused the configuration the server sent: ${e.message}` : (e as Error).message;
    const cached = await readCache(stateDir, server);
    if (!cached) throw new PrintscanError('noConfig', `${why}; and no cached configuration from ${server} yet`);
    return { ...cached, source: 'cache', warning: `${why}; using the configuration cached at ${cached.fetchedAt}` };
  }
  const fetchedAt = new Date().toISOString();
  await writeProfiles(stateDir, config);
  const cache: CacheFile = { fetchedAt, server, config: config.raw };
  await writeFileAtomic(join(stateDir, CACHE_FILE), JSON.stringify(cache, null, 2) + '\n');
  return { config, source: 'server', fetchedAt };
}

/** The push flags shared by `push`, `scan --push` and `collect --push`, checked before anything is sent or scanned. */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Dispatcher } from 'undici';
import { PrintscanError, UsageError } from '../errors.js';
import { privacyKey } from '../report/privacy-key.js';
import { PRIVACY_LEVELS, stricterPrivacy, type PrivacyLevel } from '../report/privacy-levels.js';
import type { Privacy } from '../report/privacy.js';
import { checkRecipient } from '../report/seal.js';
import { fetchServerConfig, type FetchedConfig } from '../upload/config-client.js';
import { fileUploader, prepareDest } from '../upload/file-uploader.js';
import { displayUrl, httpsUploader, serverDispatcher, serverUrl } from '../upload/https-uploader.js';
import { moduleUploader } from '../upload/module-uploader.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../upload/push.js';
import { DEFAULT_SPOOL_LIMITS, type SpoolLimits } from '../upload/spool.js';
import { streamUploader } from '../upload/stdout-uploader.js';
import type { Uploader } from '../upload/uploader.js';
import { integer } from './scan-options.js';

export interface PushFlags {
  server?: string;
  token?: string;
  tokenFile?: string;
  recipient?: string;
  uploader?: string;
  dest?: string;
  proxy?: string;
  ca?: string;
  allowHttp?: boolean;
  uploadTimeout?: number;
  uploadRetries?: number;
  spoolMaxReports?: number;
  spoolMaxMb?: number;
  privacy?: PrivacyLevel;
}

export function addPushOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'fleet server base URL (or PRINTSCAN_SERVER); reports go to {server}/v1/reports')
    .option('--token <token>', 'bearer token that identifies this collector (or PRINTSCAN_TOKEN, or --token-file)')
    .option('--token-file <file>', 'read the token from this file (keeps it out of the process list)')
    .option('--recipient <age1…>', "the server's age recipient reports are sealed to (or PRINTSCAN_RECIPIENT; default: the server's config)")
    .option('--uploader <name>', 'https, file, stdout, or a path to your own module (./my-uploader.js)', 'https')
    .option('--dest <dir>', 'folder for --uploader file: each report becomes DIR/<reportId>.json.gz.age')
    .option('--proxy <url>', 'HTTP proxy for the upload (default: HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY)')
    .option('--ca <file>', 'PEM certificate of a private CA that signed the server certificate')
    .option('--allow-http', 'allow a plain http:// server (the report stays sealed, the token does not)')
    .option('--upload-timeout <ms>', 'give up one upload try after this long', integer('--upload-timeout', 100, 3_600_000), DEFAULT_RETRY.timeoutMs)
    .option('--upload-retries <n>', 'tries again after a network error, 408, 429 or 5xx', integer('--upload-retries', 0, 20), DEFAULT_RETRY.attempts - 1)
    .option('--spool-max-reports <n>', 'most reports kept waiting; beyond, the oldest is dropped (loudly)', integer('--spool-max-reports', 1, 1_000_000), DEFAULT_SPOOL_LIMITS.maxReports)
    .option('--spool-max-mb <n>', 'most megabytes kept waiting', integer('--spool-max-mb', 1, 1_000_000), DEFAULT_SPOOL_LIMITS.maxBytes / 1024 / 1024)
    .addOption(
      new Option('--privacy <level>', "what a sealed report holds: full; masked (addresses, names, places as keyed hashes); minimal (model, serial, meters, supplies, status). The server's may only make it stricter")
        .choices(PRIVACY_LEVELS),
    );
}

export interface PushPlan {
  uploader: Uploader;
  /** absent only when nothing needs sealing */
  recipient?: string;
  config?: FetchedConfig;
  retry: RetryPolicy;
  spoolLimits: SpoolLimits;
  /** applied to each report as it is sealed; local output stays whole */
  privacy: Privacy;
  /** things the user should read on stderr before anything happens */
  warnings: string[];
  close(): Promise<void>;
}

export function tokenOf(flags: PushFlags): string | undefined {
  if (flags.token !== undefined && flags.tokenFile !== undefined) throw new UsageError('give --token or --token-file, not both');
  if (flags.tokenFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new UsageError(`cannot read --token-file "${flags.tokenFile}": ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    if (text === '') throw new UsageError(`--token-file "${flags.tokenFile}" is empty`);
    return text;
  }
  const token = flags.token ?? (process.env.PRINTSCAN_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') throw new UsageError('the token is empty', 'pass --token, --token-file or PRINTSCAN_TOKEN');
  return token?.trim();
}

async function uploaderFor(flags: PushFlags, https: (() => Uploader) | undefined): Promise<Uploader> {
  const name = flags.uploader ?? 'https';
  if (flags.dest !== undefined && name !== 'file') throw new UsageError(`--dest is for --uploader file, not ${name}`);
  if (name === 'file') {
    if (flags.dest === undefined) throw new UsageError('--uploader file needs --dest DIR');
    await prepareDest(flags.dest);
    return fileUploader(flags.dest);
  }
  if (name === 'stdout') {
    if (process.stdout.isTTY) throw new UsageError('--uploader stdout writes binary data: redirect stdout to a file or a pipe');
    return streamUploader(process.stdout);
  }
  if (name === 'https') {
    if (!https) throw new UsageError('--uploader https needs --server URL and a token', 'pass --server and --token (or PRINTSCAN_SERVER and PRINTSCAN_TOKEN)');
    return https();
  }
  if (/[\\/]|\.m?js$/.test(name)) return moduleUploader(name);
  throw new UsageError(`--uploader "${name}" is not https, file, stdout or a module path`, 'a module path starts with ./ or names a .js file');
}

/** The stricter of the site's --privacy and the server's, with the key when anything is masked. */
async function privacyOf(flags: PushFlags, config: FetchedConfig | undefined, stateDir: string, warnings: string[]): Promise<Privacy> {
  const fromServer = config?.config.privacy;
  const level = stricterPrivacy(flags.privacy, fromServer);
  if (flags.privacy !== undefined && level !== flags.privacy) warnings.push(`the server's configuration asks for privacy ${level}: reports are sealed ${level}, not ${flags.privacy}`);
  return { level, key: level === 'full' ? undefined : await privacyKey(stateDir) };
}

/**
 * Everything a push needs, decided before a packet leaves: the uploader, the recipient, the
 * server's configuration (fetched and cached, or the cached copy when the server is away).
 */
export async function preparePush(flags: PushFlags, stateDir: string, needsRecipient: boolean): Promise<PushPlan> {
  const warnings: string[] = [];
  const server = flags.server ?? (process.env.PRINTSCAN_SERVER || undefined);
  const token = tokenOf(flags);
  const base = server !== undefined ? serverUrl(server, flags.allowHttp) : undefined;
  if (base && token === undefined) throw new UsageError(`--server ${displayUrl(base)} needs a token`, 'pass --token, --token-file or PRINTSCAN_TOKEN');
  if (base?.protocol === 'http:') warnings.push(`--allow-http: the token travels readable to ${displayUrl(base)} (reports stay sealed)`);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, attempts: (flags.uploadRetries ?? DEFAULT_RETRY.attempts - 1) + 1, timeoutMs: flags.uploadTimeout ?? DEFAULT_RETRY.timeoutMs };
  const connection = base && token !== undefined ? { server: base.href, token, proxy: flags.proxy, caFile: flags.ca, allowHttp: flags.allowHttp, timeoutMs: retry.timeoutMs } : undefined;
  let dispatcher: Dispatcher | undefined = connection ? await serverDispatcher(connection) : undefined;
  const close = async () => {
    await dispatcher?.close();
    dispatcher = undefined;
  };
  try {
    const uploader = await uploaderFor(flags, connection && dispatcher ? () => httpsUploader(connection, dispatcher!) : undefined);
    let config: FetchedConfig | undefined;
    if (base && token !== undefined && dispatcher) {
      try {
        config = await fetchServerConfig(stateDir, base, token, dispatcher);
        if (config.warning) warnings.push(config.warning);
      } catch (e) {
        if (!(e instanceof PrintscanError) || e.code === 'configRefused' || e.code === 'badConfig') throw e;
        warnings.push(e.message);
      }
    }
    const given = flags.recipient ?? (process.env.PRINTSCAN_RECIPIENT || undefined);
    const recipient = given !== undefined ? checkRecipient(given) : config?.config.recipient;
    if (needsRecipient && recipient === undefined) {
      throw new UsageError('no recipient to seal the report to', 'pass --recipient age1… (printscan receive keygen makes one), or --server whose config names it');
    }
    return {
      uploader,
      recipient,
      config,
      privacy: await privacyOf(flags, config, stateDir, warnings),
      retry,
      spoolLimits: {
        maxReports: flags.spoolMaxReports ?? DEFAULT_SPOOL_LIMITS.maxReports,
        maxBytes: flags.spoolMaxMb !== undefined ? flags.spoolMaxMb * 1024 * 1024 : DEFAULT_SPOOL_LIMITS.maxBytes,
      },
      warnings,
      close: async () => {
        await uploader.close?.();
        await close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Everything a push needs, decided before a packet leaves: the core half of the push flags. */
import type { Dispatcher } from 'undici';
import { PrintscanError, UsageError } from '../errors.js';
import { privacyKey } from '../report/privacy-key.js';
import { stricterPrivacy, type PrivacyLevel } from '../report/privacy-levels.js';
import type { Privacy } from '../report/privacy.js';
import { checkRecipient } from '../report/seal.js';
import { fetchServerConfig, type FetchedConfig } from '../upload/config-client.js';
import { displayUrl, httpsUploader, serverDispatcher, type ServerConnection } from '../upload/https-uploader.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../upload/push.js';
import { DEFAULT_SPOOL_LIMITS, type SpoolLimits } from '../upload/spool.js';
import type { Uploader } from '../upload/uploader.js';

/** Where and how reports go, as typed values (the CLI makes one from its flags). */
export interface PushSetup {
  /** the fleet server; its configuration (recipient, ranges, schedule, profiles) is fetched first */
  server?: Omit<ServerConnection, 'timeoutMs'>;
  /** `https`: to `server`; otherwise any uploader (file, stdout, a module) */
  uploader: 'https' | Uploader;
  /** the age recipient; default: the server's configuration */
  recipient?: string;
  privacy?: PrivacyLevel;
  retry?: RetryPolicy;
  spoolLimits?: SpoolLimits;
}

export interface PushPlan {
  uploader: Uploader;
  /** absent only when nothing needs sealing, or the server could not be reached (see `unreachable`) */
  recipient?: string;
  config?: FetchedConfig;
  /** why the server's configuration (and so the recipient) could not be had: what waits stays pending */
  unreachable?: { cause: string };
  retry: RetryPolicy;
  spoolLimits: SpoolLimits;
  /** applied to each report as it is sealed; local output stays whole */
  privacy: Privacy;
  /** things the user should read before anything happens */
  warnings: string[];
  close(): Promise<void>;
}

/** The stricter of the site's privacy and the server's, with the key when anything is masked. */
async function privacyOf(asked: PrivacyLevel | undefined, config: FetchedConfig | undefined, stateDir: string, warnings: string[]): Promise<Privacy> {
  const level = stricterPrivacy(asked, config?.config.privacy);
  if (asked !== undefined && level !== asked) warnings.push(`the server's configuration asks for privacy ${level}: reports are sealed ${level}, not ${asked}`);
  return { level, key: level === 'full' ? undefined : await privacyKey(stateDir) };
}

/** A network failure is a reason to keep reports for later; a refusal or a bad configuration is an error now. */
function unreachableCause(e: unknown): { cause: string } | undefined {
  if (!(e instanceof PrintscanError) || e.code === 'configRefused' || e.code === 'badConfig') return undefined;
  return { cause: e.message };
}

interface Fetched {
  config?: FetchedConfig;
  unreachable?: { cause: string };
}

async function fetchConfig(stateDir: string, server: ServerConnection, dispatcher: Dispatcher, warnings: string[]): Promise<Fetched> {
  try {
    const config = await fetchServerConfig(stateDir, new URL(server.server), server.token, dispatcher);
    if (config.warning) warnings.push(config.warning);
    return { config };
  } catch (e) {
    const unreachable = unreachableCause(e);
    if (!unreachable) throw e;
    return { unreachable };
  }
}

/**
 * Prepares a push: the uploader, the server's configuration (fetched and cached, or the cached
 * copy when the server is away) and the recipient. With `needsRecipient` and none to be had,
 * a server that could not be reached is kept as `unreachable` (reports wait pending); anything
 * else is a usage error.
 */
export async function preparePush(setup: PushSetup, stateDir: string, needsRecipient: boolean): Promise<PushPlan> {
  const warnings: string[] = [];
  const retry = setup.retry ?? DEFAULT_RETRY;
  const connection = setup.server ? { ...setup.server, timeoutMs: retry.timeoutMs } : undefined;
  let dispatcher: Dispatcher | undefined = connection ? await serverDispatcher(connection) : undefined;
  const closeDispatcher = async () => {
    await dispatcher?.close();
    dispatcher = undefined;
  };
  try {
    if (setup.uploader === 'https' && !(connection && dispatcher)) {
      throw new UsageError('--uploader https needs --server URL and a token', 'pass --server and --token (or PRINTSCAN_SERVER and PRINTSCAN_TOKEN)');
    }
    if (connection && new URL(connection.server).protocol === 'http:') warnings.push(`--allow-http: the token travels readable to ${displayUrl(new URL(connection.server))} (reports stay sealed)`);
    const uploader = setup.uploader === 'https' ? httpsUploader(connection!, dispatcher!) : setup.uploader;
    const fetched: Fetched = connection && dispatcher ? await fetchConfig(stateDir, connection, dispatcher, warnings) : {};
    const recipient = setup.recipient !== undefined ? checkRecipient(setup.recipient) : fetched.config?.config.recipient;
    if (needsRecipient && recipient === undefined && !fetched.unreachable) {
      throw new UsageError('no recipient to seal the report to', 'pass --recipient age1… (printscan receive keygen makes one), or --server whose config names it');
    }
    // the cause is said once, where reports stay unsealed; a push that seals nothing only warns
    if (fetched.unreachable && (recipient !== undefined || !needsRecipient)) warnings.push(fetched.unreachable.cause);
    return {
      uploader,
      recipient,
      config: fetched.config,
      unreachable: recipient === undefined ? fetched.unreachable : undefined,
      privacy: await privacyOf(setup.privacy, fetched.config, stateDir, warnings),
      retry,
      spoolLimits: setup.spoolLimits ?? DEFAULT_SPOOL_LIMITS,
      warnings,
      close: async () => {
        await uploader.close?.();
        await closeDispatcher();
      },
    };
  } catch (e) {
    await closeDispatcher();
    throw e;
  }
}

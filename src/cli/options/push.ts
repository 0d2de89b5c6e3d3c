/** The push flags shared by `push`, `scan --push` and `collect --push`, checked before anything is sent or scanned. */
import { readTextFile } from '../../fs/read-text-file.js';
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { PushSetup } from '../../pipeline/push-plan.js';
import { PRIVACY_LEVELS, type PrivacyLevel } from '../../report/privacy-levels.js';
import { fileUploader, prepareDest } from '../../upload/file-uploader.js';
import { displayUrl, serverUrl } from '../../upload/https-uploader.js';
import { moduleUploader } from '../../upload/module-uploader.js';
import { DEFAULT_RETRY } from '../../upload/push.js';
import { DEFAULT_SPOOL_LIMITS } from '../../upload/spool.js';
import { streamUploader } from '../../upload/stdout-uploader.js';
import { stdoutIsTTY, stdoutStream } from '../output.js';
import { integer } from './integer.js';

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

export function tokenOf(flags: PushFlags): string | undefined {
  if (flags.token !== undefined && flags.tokenFile !== undefined) throw new UsageError('give --token or --token-file, not both');
  if (flags.tokenFile !== undefined) {
    const text = readTextFile(flags.tokenFile, '--token-file').trim();
    if (text === '') throw new UsageError(`--token-file "${flags.tokenFile}" is empty`);
    return text;
  }
  const token = flags.token ?? (process.env.PRINTSCAN_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') throw new UsageError('the token is empty', 'pass --token, --token-file or PRINTSCAN_TOKEN');
  return token?.trim();
}

/** The uploader the flags name; `https` is made by the pipeline from the server connection. */
async function uploaderFor(flags: PushFlags): Promise<PushSetup['uploader']> {
  const name = flags.uploader ?? 'https';
  if (flags.dest !== undefined && name !== 'file') throw new UsageError(`--dest is for --uploader file, not ${name}`);
  if (name === 'file') {
    if (flags.dest === undefined) throw new UsageError('--uploader file needs --dest DIR');
    await prepareDest(flags.dest);
    return fileUploader(flags.dest);
  }
  if (name === 'stdout') {
    if (stdoutIsTTY()) throw new UsageError('--uploader stdout writes binary data: redirect stdout to a file or a pipe');
    return streamUploader(stdoutStream());
  }
  if (name === 'https') return 'https';
  if (/[\\/]|\.m?js$/.test(name)) return moduleUploader(name);
  throw new UsageError(`--uploader "${name}" is not https, file, stdout or a module path`, 'a module path starts with ./ or names a .js file');
}

/** Where the flags (and PRINTSCAN_SERVER, _TOKEN, _RECIPIENT) send reports, checked before anything is sent or scanned. */
export async function pushSetupFrom(flags: PushFlags): Promise<PushSetup> {
  const server = flags.server ?? (process.env.PRINTSCAN_SERVER || undefined);
  const token = tokenOf(flags);
  const base = server !== undefined ? serverUrl(server, flags.allowHttp) : undefined;
  if (base && token === undefined) throw new UsageError(`--server ${displayUrl(base)} needs a token`, 'pass --token, --token-file or PRINTSCAN_TOKEN');
  return {
    server: base && token !== undefined ? { server: base.href, token, proxy: flags.proxy, caFile: flags.ca, allowHttp: flags.allowHttp } : undefined,
    uploader: await uploaderFor(flags),
    recipient: flags.recipient ?? (process.env.PRINTSCAN_RECIPIENT || undefined),
    privacy: flags.privacy,
    retry: { ...DEFAULT_RETRY, attempts: (flags.uploadRetries ?? DEFAULT_RETRY.attempts - 1) + 1, timeoutMs: flags.uploadTimeout ?? DEFAULT_RETRY.timeoutMs },
    spoolLimits: {
      maxReports: flags.spoolMaxReports ?? DEFAULT_SPOOL_LIMITS.maxReports,
      maxBytes: flags.spoolMaxMb !== undefined ? flags.spoolMaxMb * 1024 * 1024 : DEFAULT_SPOOL_LIMITS.maxBytes,
    },
  };
}

/** Whether the flags (or PRINTSCAN_SERVER) name anywhere to push to: a server, or another uploader than https. */
export function pushesSomewhere(flags: PushFlags): boolean {
  return (flags.server ?? process.env.PRINTSCAN_SERVER) !== undefined || (flags.uploader ?? 'https') !== 'https';
}

import { promisify } from 'node:util';
import { gunzip, gzip, constants } from 'node:zlib';
/** age is loaded on first use: commands that never seal start faster. */
const age = () => import('age-encryption');
import { PrintscanError, UsageError } from '../errors.js';
import type { SentReport } from './types.js';
import { validateSentReport } from './validate.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** age's Bech32 X25519 recipient: only the server's identity can open what is sealed to it. */
const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export const SEALED_SUFFIX = '.json.gz.age';
export const SEALED_CONTENT_TYPE = 'application/vnd.printscan.report+age';

export function checkRecipient(recipient: string, where = '--recipient'): string {
  const trimmed = recipient.trim();
  if (!RECIPIENT.test(trimmed)) {
    throw new UsageError(`${where} "${trimmed.slice(0, 12)}…" is not an age X25519 recipient`, 'it starts with age1 and is 62 characters long: `printscan receive keygen` prints one');
  }
  return trimmed;
}

/** gzip, then age: the collector can seal but never open, so a stolen laptop reveals no past report. */
export async function sealReport(report: SentReport, recipient: string): Promise<Uint8Array> {
  const encrypter = new (await age()).Encrypter();
  encrypter.addRecipient(checkRecipient(recipient));
  const compressed = await gzipAsync(JSON.stringify(report), { level: constants.Z_BEST_COMPRESSION });
  return encrypter.encrypt(new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength));
}

/** The server side of `sealReport`: decrypt with the age identity, gunzip, check against the schema. */
export async function openReport(sealed: Uint8Array, identity: string): Promise<SentReport> {
  const decrypter = new (await age()).Decrypter();
  decrypter.addIdentity(identity.trim());
  let plain: Uint8Array;
  try {
    plain = await decrypter.decrypt(sealed, 'uint8array');
  } catch (e) {
    throw new PrintscanError('badSeal', `cannot decrypt the report: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse((await gunzipAsync(plain)).toString('utf8'));
  } catch (e) {
    throw new PrintscanError('badReport', `the decrypted report is not gzip-compressed JSON: ${(e as Error).message}`);
  }
  return validateSentReport(data);
}

export async function recipientOf(identity: string): Promise<string> {
  return (await age()).identityToRecipient(identity.trim());
}

export function sealedFileName(reportId: string): string {
  return `${reportId}${SEALED_SUFFIX}`;
}

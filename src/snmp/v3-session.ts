/**
 * SNMPv3 sessions: net-snmp's user built from our credential (privacy-protocols.ts makes DES
 * and AES-192 work), and the knowledge a plain timeout lacks. A host that answered engine
 * discovery and then never answered an authenticated request is there; what failed is almost
 * always the privacy key or protocol (a wrong key makes garbage the agent drops without a word).
 */
import snmp, { type NsError, type NsSession, type NsUser } from 'net-snmp';
import { privProtocolNumber } from './privacy-protocols.js';
import type { V3Credential } from '../targets/scan-range.js';

/** The error a v3 session gives instead of a timeout when the agent answered discovery only. */
export class SilentAfterDiscoveryError extends Error {
  override readonly name = 'SilentAfterDiscoveryError';
  constructor(readonly privProtocol: V3Credential['privProtocol']) {
    super('answered SNMPv3 engine discovery but not the authenticated request');
  }
}

function v3User(c: V3Credential): NsUser {
  const level = c.privProtocol ? 'authPriv' : c.authProtocol ? 'authNoPriv' : 'noAuthNoPriv';
  return {
    name: c.user,
    level: snmp.SecurityLevel[level]!,
    authProtocol: c.authProtocol ? snmp.AuthProtocols[c.authProtocol] : undefined,
    authKey: c.authKey,
    privProtocol: c.privProtocol ? privProtocolNumber(c.privProtocol) : undefined,
    privKey: c.privKey,
  };
}

type Callback = (err: NsError | null, result?: unknown) => void;
type Method = (...args: unknown[]) => void;

interface SessionState {
  /** set by net-snmp once a Report carried the agent's engine id */
  msgSecurityParameters?: { msgAuthoritativeEngineID?: Buffer };
}

/** A net-snmp v3 session whose timeouts say whether the agent had answered discovery. */
export function createV3Session(host: string, c: V3Credential, options: Record<string, unknown>): NsSession {
  const session = snmp.createV3Session(host, v3User(c), options);
  const state = session as unknown as SessionState;
  let authenticated = false;
  const diagnose = (err: NsError | null): NsError | null => {
    if (!err) {
      authenticated = true;
      return null;
    }
    const discovered = (state.msgSecurityParameters?.msgAuthoritativeEngineID?.length ?? 0) > 0;
    // After one authenticated answer the keys are right: a later silence is a real timeout.
    if (err.name === 'RequestTimedOutError' && discovered && !authenticated) return new SilentAfterDiscoveryError(c.privProtocol);
    if (err.name === 'RequestFailedError') authenticated = true;
    return err;
  };
  for (const name of ['get', 'getNext', 'getBulk'] as const) {
    const original = (session[name] as unknown as Method).bind(session);
    (session as unknown as Record<string, Method>)[name] = (...args: unknown[]) => {
      const callback = args.pop() as Callback;
      original(...args, (err: NsError | null, result?: unknown) => callback(diagnose(err), result));
    };
  }
  return session;
}

/** net-snmp's names of the USM report counters (RFC 3414 §3.2), each with what the user should check. */
const USM_REPORTS: [RegExp, string][] = [
  [/^Unknown User Name/, 'the device does not know this SNMPv3 user (usmStatsUnknownUserNames): check --user'],
  [/^Wrong Digest/, 'the device rejected the authentication (usmStatsWrongDigests): the auth key or auth protocol is wrong'],
  [/^Decryption Error/, 'the device could not decrypt the request (usmStatsDecryptionErrors): the privacy key or privacy protocol is wrong'],
  [/^Unsupported Security Level/, 'the user is not set up for this security level (usmStatsUnsupportedSecLevels): add or drop --priv-key/--auth-key to match the device'],
  [/^Not In Time Window/, 'the device kept answering outside the SNMPv3 time window (usmStatsNotInTimeWindows)'],
  [/^Unknown Engine ID/, 'the device did not accept its own engine id back (usmStatsUnknownEngineIDs)'],
  [/^Failed to decrypt PDU/, 'the device\'s answer could not be decrypted: the privacy key or privacy protocol is wrong'],
  [/^Authentication digest/, 'the device\'s answer failed authentication: the auth key or auth protocol is wrong'],
];

/** Blumenthal's and Reeder's key extensions differ whenever the auth hash is shorter than the AES key. */
const OTHER_EXTENSION: Record<string, string> = { aes192: 'aes192r', aes192r: 'aes192', aes256: 'aes256r', aes256r: 'aes256' };

function silentAfterDiscovery(privProtocol: V3Credential['privProtocol']): string {
  const base = 'answered SNMPv3 engine discovery but not the authenticated request: the privacy key or privacy protocol is probably wrong';
  const other = OTHER_EXTENSION[privProtocol ?? ''];
  if (other) return `${base} (AES-192 and AES-256 have two key extensions: if the key is right, try --priv-protocol ${other})`;
  return privProtocol ? `${base} (also check des against aes)` : `${base}, or the device does not allow this user without privacy`;
}

/** What went wrong with SNMPv3 security, in words a user can act on; undefined when it was not a v3 security failure. */
export function v3Diagnosis(err: Error): string | undefined {
  if (err instanceof SilentAfterDiscoveryError) return silentAfterDiscovery(err.privProtocol);
  const code = (err as { code?: number }).code;
  if (err.name !== 'ResponseInvalidError' || (code !== snmp.ResponseInvalidCode.EAuthFailure && code !== snmp.ResponseInvalidCode.ECouldNotDecrypt)) return undefined;
  return USM_REPORTS.find(([pattern]) => pattern.test(err.message))?.[1] ?? 'SNMPv3 security failure';
}

import { UsageError } from '../errors.js';

/** Flags whose value is a secret, and where the secret goes instead. */
const SECRET_FLAGS: Record<string, string> = {
  '--token': 'use --token-file FILE (readable only by the user the service runs as)',
  '--community': 'put the range and its communities in a --ranges FILE ("snmp": {"communities": [...]})',
  '--auth-key': 'put the range and its v3 user in a --ranges FILE ("snmp": {"user": {"authKey": ...}})',
  '--priv-key': 'put the range and its v3 user in a --ranges FILE ("snmp": {"user": {"privKey": ...}})',
};

/**
 * A unit file, a plist, a crontab and a scheduled task are read by other users and show up in
 * `ps`: a secret given as a flag would be copied into them. Refused before anything is printed.
 */
export function refuseSecretFlags(args: readonly string[]): void {
  for (const arg of args) {
    const flag = arg.split('=')[0];
    const instead = Object.hasOwn(SECRET_FLAGS, flag) ? SECRET_FLAGS[flag] : undefined;
    if (instead) throw new UsageError(`${flag} would write a secret into the service definition`, instead);
  }
}

/** Control characters have no safe spelling in some of the formats (a crontab line, a unit's ExecStart). */
export function refuseControlCharacters(args: readonly string[]): void {
  for (const arg of args) {
    if (/[\u0000-\u001f\u007f]/.test(arg)) throw new UsageError(`the argument ${JSON.stringify(arg)} holds a control character (a newline?)`, 'a service definition cannot carry it: remove it');
  }
}

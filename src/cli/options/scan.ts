/** The discover flags shared by every command that scans, and their translation into ranges. */
import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { reverseLookup, type ReverseLookup } from '../../collect/reverse-dns.js';
import type { SweepSettings } from '../../pipeline/scan.js';
import { SNMP_DEFAULTS } from '../../snmp/defaults.js';
import type { Credential, ScanRange, V3Credential } from '../../targets/scan-range.js';
import { readRangesFile } from '../../targets/ranges-file.js';
import { DEFAULT_MAX_HOSTS } from '../../targets/target-set.js';
import { integer } from './integer.js';

export interface ScanFlags {
  exclude?: string[];
  timeout: number;
  retries?: number;
  concurrency: number;
  rate?: number;
  port: number;
  community?: string[];
  snmpVersion: '1' | '2c' | '3';
  user?: string;
  authProtocol?: V3Credential['authProtocol'];
  authKey?: string;
  privProtocol?: V3Credential['privProtocol'];
  privKey?: string;
  ranges?: string;
  maxHosts: number;
  all?: boolean;
  state?: string;
  quiet?: boolean;
  mibs?: string[];
  resolve?: boolean;
  dnsServer?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter((v) => v !== '')];

export function addScanOptions(cmd: Command): Command {
  return cmd
    .option('--exclude <targets...>', 'addresses, ranges or @files to leave out', collect)
    .option('--ranges <file>', 'JSON list of ranges with their own credentials')
    .option('--all', 'also list hosts that answer but are not imaging devices')
    .option('--timeout <ms>', 'wait this long for each answer', integer('--timeout', 10, 60_000), SNMP_DEFAULTS.timeoutMs)
    .option('--retries <n>', 'ask a silent host again this many times (default: once more only where the path loses packets)', integer('--retries', 0, 10))
    .option('--concurrency <n>', 'most requests awaiting an answer at once', integer('--concurrency', 1, 1_048_576), SNMP_DEFAULTS.concurrency)
    .option('--rate <pps>', 'most packets sent per second (0 = unpaced; default: found from the answers, up to 120,000)', integer('--rate', 0, 10_000_000))
    .option('--port <n>', 'SNMP port of targets that name none', integer('--port', 1, 65535), SNMP_DEFAULTS.port)
    .option('--community <c...>', 'communities to try in order (default: public)', collect)
    .addOption(new Option('--snmp-version <v>', 'SNMP version').choices(['1', '2c', '3']).default('1'))
    .option('--user <name>', 'SNMPv3 user')
    .addOption(new Option('--auth-protocol <p>', 'SNMPv3 authentication').choices(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']))
    .option('--auth-key <key>', 'SNMPv3 authentication passphrase')
    .addOption(new Option('--priv-protocol <p>', 'SNMPv3 privacy').choices(['des', 'aes', 'aes192', 'aes192r', 'aes256', 'aes256r']))
    .option('--priv-key <key>', 'SNMPv3 privacy passphrase')
    .option('--max-hosts <n>', 'refuse scans larger than this', integer('--max-hosts', 1, 16_777_216), DEFAULT_MAX_HOSTS)
    .option('--mibs <dir...>', 'your own profile directories (override bundled profiles of the same id)')
    .option('--resolve', 'add each device\'s DNS name (reverse lookup) as dnsName')
    .option('--dns-server <ip[:port]...>', 'DNS servers for --resolve (default: the system\'s)', collect)
    .option('--state <dir>', 'where the inventory and reports live')
    .option('-q, --quiet', 'no progress or summary on stderr');
}

export function credentialsFromFlags(f: ScanFlags): Credential[] {
  const v3Flags = [f.user, f.authProtocol, f.authKey, f.privProtocol, f.privKey].some((v) => v !== undefined);
  if (f.snmpVersion !== '3') {
    if (v3Flags) throw new UsageError('--user, --auth-* and --priv-* need --snmp-version 3');
    return (f.community ?? ['public']).map((community) => ({ version: f.snmpVersion as '1' | '2c', community }));
  }
  if (f.community) throw new UsageError('--community is for SNMP v1/v2c', 'use --user (and keys) with --snmp-version 3');
  if (!f.user) throw new UsageError('--snmp-version 3 needs --user');
  return [{ version: '3', user: f.user, ...v3KeysFromFlags(f) }];
}

export type V3Keys = Pick<V3Credential, 'authProtocol' | 'authKey' | 'privProtocol' | 'privKey'>;

/** The SNMPv3 key flags checked and completed (SHA and AES when only keys are given): the collector's user and the simulator's. */
export function v3KeysFromFlags(f: V3Keys): V3Keys {
  if (f.authKey !== undefined && f.authKey.length < 8) throw new UsageError('--auth-key must be at least 8 characters (SNMPv3 USM)');
  if (f.privKey !== undefined && f.privKey.length < 8) throw new UsageError('--priv-key must be at least 8 characters (SNMPv3 USM)');
  const authProtocol = f.authProtocol ?? (f.authKey !== undefined ? 'sha' : undefined);
  if (authProtocol && f.authKey === undefined) throw new UsageError('--auth-protocol needs --auth-key');
  const privProtocol = f.privProtocol ?? (f.privKey !== undefined ? 'aes' : undefined);
  if (privProtocol && f.privKey === undefined) throw new UsageError('--priv-protocol needs --priv-key');
  if (privProtocol && !authProtocol) throw new UsageError('SNMPv3 privacy needs authentication too', 'add --auth-key');
  return { authProtocol, authKey: f.authKey, privProtocol, privKey: f.privKey };
}

/** Command-line targets and flags make one range; `--ranges` adds its own (none: the server's apply, see rangesOrServers). */
export function rangesOfFlags(targets: string[], f: ScanFlags): ScanRange[] {
  const ranges: ScanRange[] = [];
  if (targets.length > 0) ranges.push({ targets, exclude: f.exclude, credentials: credentialsFromFlags(f) });
  if (f.ranges) {
    ranges.push(...readRangesFile(f.ranges).map((r) => ({ ...r, exclude: [...(r.exclude ?? []), ...(f.exclude ?? [])] })));
  }
  return ranges;
}

/** The sweep settings every scanning command passes on from its flags. */
export function sweepSettings(f: ScanFlags): SweepSettings {
  return { port: f.port, timeoutMs: f.timeout, retries: f.retries, concurrency: f.concurrency, rate: f.rate, all: f.all, maxHosts: f.maxHosts };
}

/** `--resolve`: a reverse lookup for collect; `--dns-server` alone is a mistake worth saying. */
export function reverseLookupFrom(f: ScanFlags): ReverseLookup | undefined {
  if (f.dnsServer && !f.resolve) throw new UsageError('--dns-server is for --resolve', 'add --resolve');
  return f.resolve ? reverseLookup(f.dnsServer) : undefined;
}

import { Command, Option } from 'commander';
import { readTextFile } from '../fs/read-text-file.js';
import { UsageError } from '../errors.js';
import { DEMO_FLEET_FILES } from '../sim/demo.js';
import { startFleet, type Fleet } from '../sim/fleet.js';
import { parsePlacement } from '../sim/placement.js';
import { hostPort } from '../targets/target-set.js';
import type { UsmUser } from '../sim/usm.js';
import { integer } from './options/integer.js';
import { v3KeysFromFlags, type V3Keys } from './options/scan.js';
import { writeErr, writeOut } from './output.js';

function share(name: string): (text: string) => number {
  return (text: string) => {
    const n = Number(text);
    if (!(text !== '' && n >= 0 && n <= 1)) throw new UsageError(`${name} "${text}" must be a share from 0 to 1 (e.g. 0.1)`);
    return n;
  };
}

/** `IP[:port]<TAB>file` lines, as written by the lab's serve-recordings.sh; `::1` and `[::1]:port` too. */
function readMap(path: string): { files: string[]; addresses: string[] } {
  const text = readTextFile(path, 'map file');
  const files: string[] = [];
  const addresses: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [address, file] = line.split('\t');
    if (!file) throw new UsageError(`${path}:${i + 1}: expected "IP[:port]<TAB>recording file"`);
    try {
      parsePlacement(address.trim());
    } catch (e) {
      throw new UsageError(`${path}:${i + 1}: ${(e as Error).message}`, (e as UsageError).hint);
    }
    addresses.push(address.trim());
    files.push(file.trim());
  }
  return { files, addresses };
}

/** The simulator's one SNMPv3 user, checked as the collector checks its own credentials. */
function v3UserFrom(o: V3Keys & { v3User?: string }): UsmUser | undefined {
  const keys = [o.authProtocol, o.authKey, o.privProtocol, o.privKey].some((v) => v !== undefined);
  if (!o.v3User) {
    if (keys) throw new UsageError('--auth-* and --priv-* describe the --v3-user: add --v3-user NAME');
    return undefined;
  }
  const { authProtocol, authKey, privKey } = v3KeysFromFlags(o);
  // --priv-protocol offers only aes here: the simulator speaks AES-128 alone
  return { name: o.v3User, authProtocol, authKey, privProtocol: privKey !== undefined ? 'aes' : undefined, privKey };
}

export function simCommand(): Command {
  return new Command('sim')
    .description('serve recordings (snmprec or snmpwalk -On) as SNMP agents on loopback, until interrupted')
    .argument('[files...]', 'recordings to serve; none = the built-in demo fleet')
    .option('--base <ip>', 'first loopback address; device i answers on base + i (::1: one port each)', '127.77.0.1')
    .option('--port <n>', 'UDP port (0 = any free one)', integer('--port', 0, 65535), 16161)
    .option('--layout <layout>', 'address (one address per device), port (127.0.0.1, one port each) or auto', 'auto')
    .option('--map <file>', 'place each recording: lines of "IP[:port]<TAB>file" (IPv6: ::1 or [::1]:port)')
    .option('--community <c>', 'community the agents accept', 'public')
    .option('--drop <share>', 'leave this share of requests unanswered', share('--drop'), 0)
    .option('--delay <ms>', 'answer after this many milliseconds', integer('--delay', 0, 60_000), 0)
    .option('--malformed <share>', 'answer this share with broken BER', share('--malformed'), 0)
    .option('--seed <n>', 'seed of the drop/malformed decisions', integer('--seed', 0, 2 ** 31), 1)
    .option('--v3-user <name>', 'also answer SNMPv3 for this user (noAuthNoPriv unless keys are given)')
    .addOption(new Option('--auth-protocol <p>', 'SNMPv3 authentication of --v3-user').choices(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']))
    .option('--auth-key <key>', 'SNMPv3 authentication passphrase of --v3-user')
    .addOption(new Option('--priv-protocol <p>', 'SNMPv3 privacy of --v3-user').choices(['aes']))
    .option('--priv-key <key>', 'SNMPv3 privacy passphrase of --v3-user (AES-128)')
    .action(async (files: string[], o) => {
      if (!['address', 'port', 'auto'].includes(o.layout)) throw new UsageError(`--layout "${o.layout}" must be address, port or auto`);
      const mapped = o.map ? readMap(o.map) : undefined;
      const fleet: Fleet = await startFleet({
        files: mapped?.files ?? (files.length > 0 ? files : [...DEMO_FLEET_FILES]),
        addresses: mapped?.addresses,
        base: o.base,
        port: o.port,
        layout: o.layout,
        community: o.community,
        dropRate: o.drop,
        delayMs: o.delay,
        malformedRate: o.malformed,
        seed: o.seed,
        v3User: v3UserFrom(o),
        onBadLine: (problem) => writeErr(`printscan sim: warning: ${problem.message} (line skipped)\n`),
      });
      for (const d of fleet.devices) writeOut(`${hostPort(d.host, d.port)}\t${d.file}\n`);
      writeErr(`printscan sim: ${fleet.devices.length} devices (${fleet.layout} layout); Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await fleet.close();
    });
}

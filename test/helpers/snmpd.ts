/** Debian's net-snmp agent dressed as a printer, with as many SNMPv3 users as a test needs, on loopback only. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './agents.js';

/** One line of snmpd.conf's createUser: protocol names as snmpd spells them (`-a` and `-x` of snmpget). */
export interface SnmpdUser {
  name: string;
  auth?: { protocol: 'MD5' | 'SHA' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'; key: string };
  priv?: { protocol: 'DES' | 'AES' | 'AES-192' | 'AES-192-C' | 'AES-256' | 'AES-256-C'; key: string };
}

export const PRINTER = { sysDescr: 'Snmpd Test Printer 9000', serial: 'SNMPD-SER-0042', total: 424242 };

export interface SnmpdAgent {
  hosts: string[];
  port: number;
  stop(): void;
}

function config(hosts: string[], port: number, users: SnmpdUser[]): string {
  const lines = [
    `agentaddress ${hosts.map((h) => `udp:${h}:${port}`).join(',')}`,
    // An enterprise no profile knows, the Printer-MIB serial and life count, and hrDeviceType printer: the generic printer profile.
    'sysobjectid .1.3.6.1.4.1.99999.7.1',
    `sysdescr ${PRINTER.sysDescr}`,
    `override .1.3.6.1.2.1.43.5.1.1.17.1 octet_str "${PRINTER.serial}"`,
    `override .1.3.6.1.2.1.43.10.2.1.4.1.1 counter ${PRINTER.total}`,
    'override .1.3.6.1.2.1.25.3.2.1.2.1 object_id .1.3.6.1.2.1.25.3.1.5',
  ];
  for (const u of users) {
    const auth = u.auth ? ` ${u.auth.protocol} "${u.auth.key}"` : '';
    const priv = u.priv ? ` ${u.priv.protocol} "${u.priv.key}"` : '';
    lines.push(`createUser ${u.name}${auth}${priv}`, `rouser ${u.name} ${u.priv ? 'priv' : u.auth ? 'auth' : 'noauth'}`);
  }
  return lines.join('\n') + '\n';
}

/** Starts snmpd on the given loopback addresses (one free port for all) with its own config and persistent dir. */
export async function startSnmpdAgent(snmpd: string, hosts: string[], users: SnmpdUser[]): Promise<SnmpdAgent> {
  if (!hosts.every((h) => h.startsWith('127.'))) throw new Error('snmpd tests listen on 127.0.0.0/8 only');
  const dir = mkdtempSync(join(tmpdir(), 'printscan-snmpd-'));
  const port = await freePort(hosts[0]!);
  const conf = join(dir, 'snmpd.conf');
  writeFileSync(conf, config(hosts, port, users));
  const child: ChildProcess = spawn(snmpd, ['-f', '-Lo', '-C', '-c', conf, '-I', '-smux'], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // snmpd prints its version once every address is bound, or exits saying why not.
  await new Promise<void>((resolve, reject) => {
    const seen = (d: Buffer) => {
      log += d;
      if (/NET-SNMP version/.test(log)) resolve();
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`snmpd exited (${code}) before it was ready: ${log.trim()} (config ${conf})`)));
    child.once('error', reject);
  });
  return { hosts, port, stop: () => child.kill() };
}

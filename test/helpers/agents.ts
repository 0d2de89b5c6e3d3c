import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where daemons live on Debian even when a user's PATH leaves them out (snmpd is in /usr/sbin). */
const SYSTEM_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** The program's path: on PATH, else in the system directories; undefined when it is nowhere. */
export function commandPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  return SYSTEM_DIRS.map((dir) => join(dir, name)).find((path) => existsSync(path));
}

/**
 * Whether a test that needs these programs can run. Locally a missing one skips the test (with a
 * notice); under CI=true it is a failure, since CI installs every tool the suite uses.
 */
export function hasCommand(...names: string[]): boolean {
  const missing = names.filter((name) => commandPath(name) === undefined);
  return available(missing.length === 0, `${missing.join(', ')} (not installed)`);
}

/** `ok` as it is, with a notice when false; under CI=true a false is an error naming what is missing. */
export function available(ok: boolean, what: string): boolean {
  if (ok) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${what} is missing: .ci/run must provide it`);
  console.warn(`NOTICE: ${what} is missing: the tests that need it are skipped`);
  return false;
}

/** A UDP port that was free a moment ago on this loopback address (127.x or ::1). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    s.once('error', reject);
    s.bind(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export interface Snmpd {
  host: string;
  port: number;
  stop(): void;
}

/** Debian's net-snmp agent on a loopback address, with a v2c community and one authPriv v3 user. */
export async function startSnmpd(host: string, user: { name: string; authKey: string; privKey: string }): Promise<Snmpd> {
  const dir = mkdtempSync(join(tmpdir(), 'printscan-snmpd-'));
  const port = await freePort(host);
  const conf = join(dir, 'snmpd.conf');
  writeFileSync(
    conf,
    [
      `agentaddress udp:${host}:${port}`,
      'rocommunity public 127.0.0.0/8',
      `createUser ${user.name} SHA-256 "${user.authKey}" AES "${user.privKey}"`,
      `rouser ${user.name} priv`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(commandPath('snmpd') ?? 'snmpd', ['-f', '-Lo', '-C', '-c', conf, '-I', '-smux'], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: join(dir, 'persist'), MIBS: '' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const probe = spawnSync('snmpget', ['-v2c', '-c', 'public', '-t', '0.2', '-r', '0', `${host}:${port}`, '1.3.6.1.2.1.1.1.0']);
    if (probe.status === 0) return { host, port, stop: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`snmpd did not answer on ${host}:${port} within 10 s (config ${conf})`);
}

export const SHARED_RECORDINGS = new URL('../../../shared/recordings/librenms/snmprec/', import.meta.url).pathname;
export const SERVE_RECORDINGS = new URL('../../../shared/lab/serve-recordings.sh', import.meta.url).pathname;

export function recordingsAvailable(): boolean {
  return existsSync(SHARED_RECORDINGS) && existsSync(SERVE_RECORDINGS);
}

/** snmpsim serving the shared recordings needs them, snmpsimd, setpriv and root (it drops to nobody). */
export function canServeRecordings(): boolean {
  return available(recordingsAvailable(), '../shared/recordings') && hasCommand('snmpsimd', 'setpriv') && available(process.getuid?.() === 0, 'root (snmpsimd drops to nobody)');
}

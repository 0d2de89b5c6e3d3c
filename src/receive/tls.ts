import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readTextFile } from '../fs/read-text-file.js';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/** A certificate this close to its end is replaced at start rather than left to expire mid-run. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const VALID_MS = 365 * 24 * 3600 * 1000;
/** Backdated so a collector whose clock runs a little slow does not see a certificate from the future. */
const BACKDATE_MS = 3600 * 1000;

/** A certificate and key given by the user, checked to belong together so a mistake fails at start, not at the first client. */
export async function readTlsFiles(certPath: string, keyPath: string): Promise<TlsMaterial> {
  const cert = readTextFile(certPath, '--cert');
  const key = readTextFile(keyPath, '--key');
  let matches: boolean;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch (e) {
    throw new UsageError(`--cert "${certPath}" / --key "${keyPath}": ${(e as Error).message}`);
  }
  if (!matches) throw new UsageError(`--key "${keyPath}" is not the key of --cert "${certPath}"`);
  return { cert, key };
}

const WILDCARD = new Set(['0.0.0.0', '::']);

/** The names a client may use: the listen host (or this machine's name on a wildcard address), and loopback. */
function namesFor(host: string): string[] {
  return [...new Set([WILDCARD.has(host) ? hostname() : host, '127.0.0.1', '::1', 'localhost'])];
}

function covers(cert: X509Certificate, name: string): boolean {
  return isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name) !== undefined;
}

function reusable(material: TlsMaterial, names: string[], now: Date): boolean {
  try {
    const cert = new X509Certificate(material.cert);
    return (
      cert.checkPrivateKey(createPrivateKey(material.key)) &&
      new Date(cert.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS &&
      names.every((n) => covers(cert, n))
    );
  } catch {
    return false;
  }
}

/**
 * The self-signed certificate kept in `dir` (cert.pem, key.pem 0600), made or replaced when it
 * does not cover `host` or is near its end. Clients pin `certPath` with `--ca`.
 */
export async function selfSignedTls(dir: string, host: string, now = new Date()): Promise<TlsMaterial & { certPath: string; created: boolean }> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const names = namesFor(host);
  const existing = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]).catch(() => undefined);
  if (existing && reusable({ cert: existing[0], key: existing[1] }, names, now)) {
    return { cert: existing[0], key: existing[1], certPath, created: false };
  }
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: names[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - BACKDATE_MS),
    notAfterDate: new Date(now.getTime() + VALID_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  // Key first: a crash between the two writes leaves a pair that does not match, which is replaced next start.
  await writeFileAtomic(keyPath, pems.private);
  await writeFileAtomic(certPath, pems.cert);
  await chmod(certPath, 0o644);
  return { cert: pems.cert, key: pems.private, certPath, created: true };
}

/**
 * The User-based Security Model (RFC 3414, RFC 7860 for SHA-2, RFC 3826 for AES) as an
 * agent needs it: localized keys, HMAC digests, AES-128-CFB. Only the simulator uses this;
 * the collector's own SNMPv3 goes through net-snmp.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

export type AuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface UsmUser {
  name: string;
  authProtocol?: AuthProtocol;
  authKey?: string;
  /** AES-128 only: what Debian's snmpget calls AES and net-snmp calls aes */
  privProtocol?: 'aes';
  privKey?: string;
}

const HASH: Record<AuthProtocol, { hash: string; macLength: number }> = {
  md5: { hash: 'md5', macLength: 12 },
  sha: { hash: 'sha1', macLength: 12 },
  sha224: { hash: 'sha224', macLength: 16 },
  sha256: { hash: 'sha256', macLength: 24 },
  sha384: { hash: 'sha384', macLength: 32 },
  sha512: { hash: 'sha512', macLength: 48 },
};

export function macLength(protocol: AuthProtocol): number {
  return HASH[protocol].macLength;
}

/** RFC 3414 A.2: hash a megabyte of the repeated password, then localize it to the engine. */
export function localizedKey(protocol: AuthProtocol, password: string, engineId: Buffer): Buffer {
  const { hash } = HASH[protocol];
  const pw = Buffer.from(password, 'utf8');
  const h = createHash(hash);
  const chunk = Buffer.alloc(64);
  for (let done = 0; done < 1_048_576; done += 64) {
    for (let i = 0; i < 64; i++) chunk[i] = pw[(done + i) % pw.length];
    h.update(chunk);
  }
  const ku = h.digest();
  return createHash(hash).update(Buffer.concat([ku, engineId, ku])).digest();
}

/** The truncated HMAC of a whole message whose authentication parameters are zeroed. */
export function digest(protocol: AuthProtocol, key: Buffer, message: Buffer): Buffer {
  const { hash, macLength: n } = HASH[protocol];
  return createHmac(hash, key).update(message).digest().subarray(0, n);
}

/** RFC 3826: AES-128-CFB, IV = engine boots (4) + engine time (4) + the 8-byte salt. */
function aesIv(boots: number, time: number, salt: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(boots >>> 0, 0);
  iv.writeUInt32BE(time >>> 0, 4);
  salt.copy(iv, 8);
  return iv;
}

export function decrypt(privKey: Buffer, boots: number, time: number, salt: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv('aes-128-cfb', privKey.subarray(0, 16), aesIv(boots, time, salt));
  return Buffer.concat([d.update(data), d.final()]);
}

export function encrypt(privKey: Buffer, boots: number, time: number, data: Buffer): { salt: Buffer; data: Buffer } {
  const salt = randomBytes(8);
  const c = createCipheriv('aes-128-cfb', privKey.subarray(0, 16), aesIv(boots, time, salt));
  return { salt, data: Buffer.concat([c.update(data), c.final()]) };
}

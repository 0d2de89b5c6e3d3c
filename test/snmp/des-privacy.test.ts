import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { decryptDes, encryptDes } from '../../src/snmp/des-privacy.js';

const engine = { engineID: Buffer.from('80001f8880e9bd0c1d12667a5100000000', 'hex') };

/** DES-CBC as OpenSSL's legacy provider computes it, in a Node started with the flag printscan never needs. */
function opensslDesCbc(key: Buffer, iv: Buffer, data: Buffer, decrypt = false): Buffer {
  const script = `const c=require('crypto')[process.argv[4]==='d'?'createDecipheriv':'createCipheriv']('des-cbc',Buffer.from(process.argv[1],'hex'),Buffer.from(process.argv[2],'hex'));c.setAutoPadding(false);process.stdout.write(Buffer.concat([c.update(Buffer.from(process.argv[3],'hex')),c.final()]).toString('hex'))`;
  const r = spawnSync(process.execPath, ['--openssl-legacy-provider', '-e', script, key.toString('hex'), iv.toString('hex'), data.toString('hex'), decrypt ? 'd' : 'e'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Buffer.from(r.stdout, 'hex');
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((x, i) => x ^ b[i]!));
}

describe('pure-JS DES privacy (RFC 3414 §8)', () => {
  it.each([
    ['md5', 'des-priv-pass', 1],
    ['sha', 'another phrase', 8],
    ['sha256', 'a longer phrase for sha-256', 37],
    ['sha512', 'x'.repeat(40), 200],
  ] as const)('with %s keys (passphrase %j), %i bytes: encrypted as OpenSSL does, zero-padded to whole blocks, decrypted back', (auth, password, length) => {
    const authProtocol = snmp.AuthProtocols[auth]!;
    const pdu = randomBytes(length);
    const { encryptedPdu, msgPrivacyParameters: salt } = encryptDes(pdu, authProtocol, password, engine);
    const key = snmp.Authentication.passwordToKey(authProtocol, password, engine.engineID);
    const padded = Buffer.concat([pdu, Buffer.alloc((8 - (length % 8)) % 8)]);
    expect(encryptedPdu.length).toBe(padded.length);
    expect(encryptedPdu).toEqual(opensslDesCbc(key.subarray(0, 8), xor(key.subarray(8, 16), salt), padded));
    expect(decryptDes(encryptedPdu, salt, authProtocol, password, engine)).toEqual(padded);
  });

  it('decrypts what OpenSSL encrypted, and a wrong key gives other bytes', () => {
    const authProtocol = snmp.AuthProtocols.sha!;
    const key = snmp.Authentication.passwordToKey(authProtocol, 'the-right-key', engine.engineID);
    const salt = randomBytes(8);
    const plain = randomBytes(64);
    const cipher = opensslDesCbc(key.subarray(0, 8), xor(key.subarray(8, 16), salt), plain);
    expect(decryptDes(cipher, salt, authProtocol, 'the-right-key', engine)).toEqual(plain);
    expect(decryptDes(cipher, salt, authProtocol, 'the-wrong-key', engine)).not.toEqual(plain);
  });

  it('a fresh salt for every message', () => {
    const a = encryptDes(Buffer.alloc(16), snmp.AuthProtocols.md5!, 'des-priv-pass', engine);
    const b = encryptDes(Buffer.alloc(16), snmp.AuthProtocols.md5!, 'des-priv-pass', engine);
    expect(a.msgPrivacyParameters).not.toEqual(b.msgPrivacyParameters);
    expect(a.encryptedPdu).not.toEqual(b.encryptedPdu);
  });

  it.each([
    ['a length that is not whole blocks', Buffer.alloc(12), Buffer.alloc(8)],
    ['a salt that is not 8 bytes', Buffer.alloc(16), Buffer.alloc(4)],
  ])('refuses %s', (_, data, salt) => {
    expect(() => decryptDes(data, salt, snmp.AuthProtocols.md5!, 'des-priv-pass', engine)).toThrow(/DES/);
  });
});

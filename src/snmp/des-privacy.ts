/**
 * SNMPv3 DES-CBC privacy (RFC 3414 §8) in pure JavaScript, for net-snmp's table of privacy
 * algorithms (see privacy-protocols.ts). net-snmp asks OpenSSL for 'des-cbc', which OpenSSL 3
 * (Node 17+) keeps in its legacy provider and refuses by default; a process cannot load that
 * provider once it has started, and a single executable must not depend on how Node was
 * launched. des.js has no native part, so it runs the same in a checkout, an installed package
 * and a bundle.
 */
import { randomBytes } from 'node:crypto';
import desjs from 'des.js';
import snmp from 'net-snmp';

const BLOCK = 8;

interface Engine {
  engineID: Buffer;
}

/** The 16-byte localized privacy key: the first 8 bytes are the DES key, the last 8 the pre-IV. */
function localizedKey(authProtocol: number, privPassword: string, engine: Engine): Buffer {
  return snmp.Authentication.passwordToKey(authProtocol, privPassword, engine.engineID);
}

function cbc(type: 'encrypt' | 'decrypt', key: Buffer, salt: Buffer, data: Buffer): Buffer {
  const preIv = key.subarray(BLOCK, 2 * BLOCK);
  const iv = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) iv[i] = preIv[i]! ^ salt[i]!;
  const cipher = desjs.CBC.instantiate(desjs.DES).create({ type, key: [...key.subarray(0, BLOCK)], iv: [...iv], padding: false });
  return Buffer.from(cipher.update([...data]).concat(cipher.final()));
}

/** RFC 3414 §8.1.1.2: the scoped PDU zero-padded to whole blocks; the salt goes out as msgPrivacyParameters. */
export function encryptDes(scopedPdu: Buffer, authProtocol: number, privPassword: string, engine: Engine): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer } {
  const padded = Buffer.alloc(Math.ceil(scopedPdu.length / BLOCK) * BLOCK);
  scopedPdu.copy(padded);
  // The salt only has to differ between messages under one key: 8 random bytes do that without an engine-boots store.
  const salt = randomBytes(BLOCK);
  return { encryptedPdu: cbc('encrypt', localizedKey(authProtocol, privPassword, engine), salt, padded), msgPrivacyParameters: salt };
}

export function decryptDes(encryptedPdu: Buffer, privParameters: Buffer, authProtocol: number, privPassword: string, engine: Engine): Buffer {
  if (encryptedPdu.length % BLOCK !== 0 || privParameters.length !== BLOCK) throw new Error('DES-encrypted PDU of a length that is not whole 8-byte blocks');
  return cbc('decrypt', localizedKey(authProtocol, privPassword, engine), privParameters, encryptedPdu);
}

/**
 * The SNMPv3 privacy protocols printscan offers, as entries of net-snmp's table of privacy
 * algorithms. net-snmp has DES (through OpenSSL, which refuses it: replaced by des.js), AES-128
 * and AES-256 with either key extension. AES-192 is in the same table under numbers of our
 * own: net-snmp's AES code with a 24-byte key, localized as net-snmp localizes AES-256
 * (Blumenthal's extension: what Net-SNMP's `AES-192` does; Reeder's: its `AES-192-C`).
 */
import snmp, { type NsPrivAlgorithm } from 'net-snmp';
import { decryptDes, encryptDes } from './des-privacy.js';
import type { V3Credential } from '../targets/scan-range.js';

type PrivName = NonNullable<V3Credential['privProtocol']>;

/** Far from net-snmp's own numbers (1–8), so a later net-snmp adding protocols does not collide. */
const AES192 = 192;
const AES192R = 193;

const NUMBERS: Record<PrivName, () => number> = {
  des: () => snmp.PrivProtocols.des!,
  aes: () => snmp.PrivProtocols.aes!,
  aes192: () => AES192,
  aes192r: () => AES192R,
  aes256: () => snmp.PrivProtocols.aes256b!,
  aes256r: () => snmp.PrivProtocols.aes256r!,
};

function entry(n: number): NsPrivAlgorithm {
  const found = snmp.Encryption.algorithms[n];
  if (!found) throw new Error(`net-snmp has no privacy algorithm ${n}`);
  return found;
}

function aes192(localizedAs: number): NsPrivAlgorithm {
  return { ...entry(localizedAs), CRYPTO_ALGORITHM: 'aes-192-cfb', KEY_LENGTH: 24 };
}

let installed = false;

/** Puts DES on des.js and adds AES-192 to net-snmp's table; once per process. */
export function installPrivacyProtocols(): void {
  if (installed) return;
  const table = snmp.Encryption.algorithms;
  for (const n of [AES192, AES192R]) if (table[n]) throw new Error(`net-snmp now uses privacy algorithm number ${n}: move printscan's AES-192 elsewhere`);
  const des = entry(snmp.PrivProtocols.des!);
  des.encryptPdu = (scopedPdu, _privProtocol, privPassword, authProtocol, engine) => encryptDes(scopedPdu, authProtocol, privPassword, engine);
  des.decryptPdu = (encryptedPdu, _privProtocol, privParameters, privPassword, authProtocol, engine) => decryptDes(encryptedPdu, privParameters, authProtocol, privPassword, engine);
  table[AES192] = aes192(snmp.PrivProtocols.aes256b!);
  table[AES192R] = aes192(snmp.PrivProtocols.aes256r!);
  installed = true;
}

/** net-snmp's number for a privacy protocol as printscan names it. */
export function privProtocolNumber(name: PrivName): number {
  installPrivacyProtocols();
  return NUMBERS[name]();
}

// What a scan is given: address ranges, each with the SNMP credentials to try on it.

export type SnmpVersion = '1' | '2c' | '3';

export interface CommunityCredential {
  version: '1' | '2c';
  community: string;
}

export interface V3Credential {
  version: '3';
  user: string;
  authProtocol?: 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  authKey?: string;
  privProtocol?: 'des' | 'aes' | 'aes192' | 'aes192r' | 'aes256' | 'aes256r';
  privKey?: string;
}

export type Credential = CommunityCredential | V3Credential;

/** One range of a scan with its own credentials (the shape of `--ranges` files and server config). */
export interface ScanRange {
  targets: string[];
  exclude?: string[];
  port?: number;
  /** tried in order on hosts that stayed silent */
  credentials: Credential[];
}

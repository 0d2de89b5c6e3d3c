declare module 'net-snmp' {
  export interface NsVarbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export interface NsSession {
    get(oids: string[], cb: (err: NsError | null, varbinds?: NsVarbind[]) => void): void;
    getNext(oids: string[], cb: (err: NsError | null, varbinds?: NsVarbind[]) => void): void;
    /** with nonRepeaters 0, one array of rows per OID asked */
    getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, cb: (err: NsError | null, varbinds?: NsVarbind[][]) => void): void;
    close(): void;
    /** the socket made by the `dgramModule` option */
    readonly dgram: unknown;
    on(event: 'error', listener: (err: unknown) => void): void;
  }
  export interface NsError extends Error {
    status?: number;
  }
  export interface NsUser {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }
  export const ResponseInvalidCode: Record<string, number>;
  export const Version1: number;
  export const Version2c: number;
  export const SecurityLevel: Record<string, number>;
  export const AuthProtocols: Record<string, number>;
  export const PrivProtocols: Record<string, number>;
  /** One entry of net-snmp's privacy table (Encryption.algorithms), keyed by PrivProtocols number. */
  export interface NsPrivAlgorithm {
    CRYPTO_ALGORITHM: string;
    KEY_LENGTH: number;
    BLOCK_LENGTH: number;
    encryptPdu(scopedPdu: Buffer, privProtocol: number, privPassword: string, authProtocol: number, engine: { engineID: Buffer; engineBoots: number; engineTime: number }): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer };
    decryptPdu(encryptedPdu: Buffer, privProtocol: number, privParameters: Buffer, privPassword: string, authProtocol: number, engine: { engineID: Buffer; engineBoots: number; engineTime: number }): Buffer;
    localizationAlgorithm: unknown;
  }
  export const Authentication: { passwordToKey(authProtocol: number, password: string, engineID: Buffer): Buffer };
  export const Encryption: { algorithms: Record<number, NsPrivAlgorithm | undefined> };
  export function createSession(target: string, community: string, options: Record<string, unknown>): NsSession;
  export function createV3Session(target: string, user: NsUser, options: Record<string, unknown>): NsSession;
  const snmp: {
    Version1: number;
    Version2c: number;
    SecurityLevel: Record<string, number>;
    AuthProtocols: Record<string, number>;
    PrivProtocols: Record<string, number>;
    ResponseInvalidCode: Record<string, number>;
    Authentication: typeof Authentication;
    Encryption: typeof Encryption;
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
  };
  export default snmp;
}

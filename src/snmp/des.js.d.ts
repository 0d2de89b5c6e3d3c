declare module 'des.js' {
  interface CipherOptions {
    type: 'encrypt' | 'decrypt';
    key: number[];
    iv?: number[];
    padding?: boolean;
  }
  interface Cipher {
    update(data: number[]): number[];
    final(): number[];
  }
  interface Mode {
    create(options: CipherOptions): Cipher;
  }
  const desjs: {
    DES: unknown;
    CBC: { instantiate(base: unknown): Mode };
  };
  export default desjs;
}

import { scrub } from './secrets.js';

/** Control characters (a newline in a device's or a file's text) escaped, so an error stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * Every error printscan reports, by its stable code, with the exit code the CLI ends with:
 * 2 for bad usage or input, refused before anything is sent or written; 1 for what the
 * environment, the state directory, a server or a device did.
 */
export const ERROR_CODES = {
  // usage and input
  usage: 2,
  badProfile: 2,
  badRecording: 2,
  badReport: 2,
  badSeal: 2,
  badConfig: 2,
  // a token the server refuses, found before anything is scanned
  configRefused: 2,
  // the environment and the state directory
  listen: 1,
  inventory: 1,
  history: 1,
  badState: 1,
  badStore: 1,
  noHistory: 1,
  inventoryRunning: 1,
  pushRunning: 1,
  runRunning: 1,
  // a server
  noConfig: 1,
  serverUnavailable: 1,
  noConfigServed: 1,
  // a device
  timeout: 1,
  authFailed: 1,
  malformedReply: 1,
  budgetExceeded: 1,
  error: 1,
} as const satisfies Record<string, 1 | 2>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An error the user can act on: a stable `code` for programs (which also sets the exit code)
 * and an optional `hint` for people. Its message is scrubbed of secrets and kept to one line,
 * whatever text it quotes.
 */
export class PrintscanError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(oneLine(scrub(message)));
    this.name = 'PrintscanError';
    this.code = code;
    this.hint = hint;
  }

  get exitCode(): 1 | 2 {
    return ERROR_CODES[this.code];
  }
}

/** Bad input from the user: the CLI turns these into exit code 2. */
export class UsageError extends PrintscanError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
    this.name = 'UsageError';
  }
}

import { scrub } from './secrets.js';

/** Control characters (a newline in a device's or a file's text) escaped, so an error stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * An error the user can act on: a stable `code` for programs and an optional `hint` for people.
 * Its message is scrubbed of secrets and kept to one line, whatever text it quotes.
 */
export class PrintscanError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, hint?: string) {
    super(oneLine(scrub(message)));
    this.name = 'PrintscanError';
    this.code = code;
    this.hint = hint;
  }
}

/** Bad input from the user: the CLI turns these into exit code 2. */
export class UsageError extends PrintscanError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint);
    this.name = 'UsageError';
  }
}

/** Something in the environment (a port in use, a folder that cannot be written): the CLI exits 1 with one line. */
export class EnvironmentError extends PrintscanError {
  constructor(code: string, message: string, hint?: string) {
    super(code, message, hint);
    this.name = 'EnvironmentError';
  }
}

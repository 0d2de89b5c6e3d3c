import { scrub } from './secrets.js';

/** An error the user can act on: a stable `code` for programs and an optional `hint` for people. Its message is scrubbed of secrets. */
export class PrintscanError extends Error {
  readonly code: string;
  readonly hint?: string;

  constructor(code: string, message: string, hint?: string) {
    super(scrub(message));
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

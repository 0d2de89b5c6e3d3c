import { CommanderError } from 'commander';
import { oneLine, PrintscanError } from '../errors.js';
import { scrub } from '../secrets.js';

export type ExitCode = 0 | 1 | 2;

export interface ErrorContext {
  /** the stack of a bug too (--debug or PRINTSCAN_DEBUG=1) */
  debug: boolean;
  /** the command a usage mistake was made in (`printscan scan`), for the --help hint */
  command: string;
}

/** commander's ways of ending a run that are no mistake: help or the version was asked for. */
const INFORMATIONAL = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

const line = (message: string, hint?: string) => `printscan: error: ${oneLine(scrub(message))}${hint ? ` (${oneLine(scrub(hint))})` : ''}\n`;

/**
 * What the CLI writes on stderr for an error that ended a command, and its exit code: one line
 * for anything a user, a file, a server or a device can cause; for a bug, one line asking to
 * report it, and the stack only when debugging.
 */
export function errorReport(err: unknown, context: ErrorContext): { text: string; exitCode: ExitCode } {
  if (err instanceof CommanderError) {
    if (INFORMATIONAL.has(err.code)) return { text: '', exitCode: 0 };
    return { text: line(err.message.replace(/^error: /, ''), `run ${context.command} --help`), exitCode: 2 };
  }
  if (err instanceof PrintscanError) return { text: line(err.message, err.hint), exitCode: err.exitCode };
  const message = err instanceof Error ? err.message : String(err);
  const stack = context.debug && err instanceof Error && err.stack ? scrub(err.stack) + '\n' : '';
  const hint = context.debug ? 'the stack follows' : 'run with --debug for details';
  return { text: line(`${message} — this is a bug, please report it`, hint) + stack, exitCode: 1 };
}

/** Writes the error that ended a command on stderr and returns the exit code. */
export function writeError(err: unknown, context: ErrorContext): ExitCode {
  const { text, exitCode } = errorReport(err, context);
  process.stderr.write(text);
  return exitCode;
}

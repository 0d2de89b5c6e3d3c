/**
 * The one module in src/cli that writes to stdout and stderr and sets the exit code. stdout
 * carries data only; stderr carries progress, warnings, problems, summaries and errors.
 * Exit codes: 0 done; 1 problems the user should see (a device, an upload, the environment);
 * 2 bad usage or input.
 */
import { CommanderError } from 'commander';
import { oneLine, PrintscanError } from '../errors.js';
import type { HostProblem } from '../identify/types.js';
import { scrub } from '../secrets.js';
import { hostPort } from '../targets/target-set.js';

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Data: a table, a JSON document, CSV or NDJSON lines. */
export function writeOut(text: string): void {
  process.stdout.write(text);
}

/** For people: progress, summaries, what was sent. */
export function writeErr(text: string): void {
  process.stderr.write(text);
}

export function warn(message: string): void {
  writeErr(`printscan: warning: ${message}\n`);
}

/** A device that could not be read as asked. */
export function problemLine(host: HostProblem): void {
  warn(`${hostPort(host.ip, host.port)} ${host.problem}: ${host.detail}`);
}

/** The exit code of this run; 2 (usage) is never lowered to 1. */
export function exitWith(code: ExitCode): void {
  if (typeof process.exitCode === 'number' && process.exitCode > code) return;
  process.exitCode = code;
}

export const stdoutIsTTY = (): boolean => process.stdout.isTTY === true;
export const stderrIsTTY = (): boolean => process.stderr.isTTY === true;
/** The streams themselves, for what writes on its own (the spinner, the stdout uploader). */
export const stdoutStream = (): NodeJS.WriteStream => process.stdout;
export const stderrStream = (): NodeJS.WriteStream => process.stderr;

/** An error the run goes on after (an upload that failed, reports left unsealed): the exit code becomes 1. */
export function errorLine(message: string, hint?: string): void {
  writeErr(`printscan: error: ${message}${hint ? ` (${hint})` : ''}\n`);
  exitWith(EXIT.problems);
}

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
  writeErr(text);
  return exitCode;
}

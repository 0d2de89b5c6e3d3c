/**
 * The one module in src/cli that writes to stdout and stderr and sets the exit code. stdout
 * carries data only; stderr carries progress, warnings, problems, summaries and errors.
 * Exit codes: 0 done; 1 problems the user should see (a device, an upload, the environment);
 * 2 bad usage or input.
 */
import type { HostProblem } from '../identify/types.js';
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
export function problemLine(problem: HostProblem): void {
  warn(`${hostPort(problem.ip, problem.port)} ${problem.problem}: ${problem.detail}`);
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

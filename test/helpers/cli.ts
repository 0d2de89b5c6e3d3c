import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/printscan.js', import.meta.url));

/** `PRINTSCAN_EXE=dist/bin/printscan` runs every CLI test against the single executable instead of `node bin/printscan.js`. */
export const EXE = process.env.PRINTSCAN_EXE ? resolve(process.env.PRINTSCAN_EXE) : undefined;

/** The command and arguments that run printscan with `args`, for tests that spawn it themselves. */
export function cliCommand(args: string[]): [string, string[]] {
  return EXE ? [EXE, args] : [process.execPath, [BIN, ...args]];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runProgram(...cliCommand(args), env);
}

/** Runs a program without blocking the event loop: simulators in this process keep answering it. */
export function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function ndjson<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

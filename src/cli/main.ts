import { Command } from 'commander';
import { PRINTSCAN_VERSION } from '../version.js';
import { exitWith, writeError } from './output.js';

/**
 * Each command's module, loaded only when that command runs: a cron job that collects does
 * not pay for the receiver's TLS or the uploaders. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  discover: async () => (await import('./discover.js')).discoverCommand(),
  scan: async () => (await import('./scan.js')).scanCommand(),
  collect: async () => (await import('./collect.js')).collectCommand(),
  profiles: async () => (await import('./profiles.js')).profilesCommand(),
  push: async () => (await import('./push.js')).pushCommand(),
  run: async () => (await import('./run.js')).runCommand(),
  receive: async () => (await import('./receive.js')).receiveCommand(),
  sim: async () => (await import('./sim.js')).simCommand(),
  demo: async () => (await import('./demo.js')).demoCommand(),
  report: async () => (await import('./report.js')).reportCommand(),
  meters: async () => (await import('./meters.js')).metersCommand(),
  service: async () => (await import('./service.js')).serviceCommand(),
  doctor: async () => (await import('./doctor.js')).doctorCommand(),
};

/** The command as typed (`printscan receive keygen`), for the hint after a usage mistake. */
function commandPath(cmd: Command): string {
  return cmd.parent ? `${commandPath(cmd.parent)} ${cmd.name()}` : cmd.name();
}

/**
 * commander's mistakes are thrown, not printed, so that they read like every other error;
 * `failed` learns which command (or subcommand) refused the arguments.
 */
function throwMistakes(cmd: Command, failed: { command: string }): void {
  cmd.exitOverride().configureOutput({ outputError: () => (failed.command = commandPath(cmd)) });
  for (const sub of cmd.commands) throwMistakes(sub, failed);
}

/** Debugging shows a bug's stack: `--debug` anywhere on the line, or PRINTSCAN_DEBUG=1. */
function debugging(argv: readonly string[]): boolean {
  return argv.includes('--debug') || process.env.PRINTSCAN_DEBUG === '1';
}

/**
 * Runs the command line `argv` (as process.argv: runtime, script, then the arguments). An
 * exported function, not top-level code, so that the single executable's CommonJS bundle
 * (which has no top-level await) can call it too.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('printscan')
    .description('find printers and MFPs over SNMP and read their identity, meters, supplies and status')
    .version(PRINTSCAN_VERSION)
    .option('--debug', 'show the stack of an unexpected error (a bug), to report it');

  const named = argv[2];
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  const failed = { command: 'printscan' };
  try {
    for (const cmd of await Promise.all(wanted.map((name) => COMMANDS[name]()))) program.addCommand(cmd);
    throwMistakes(program, failed);
    await program.parseAsync([...argv]);
  } catch (err) {
    exitWith(writeError(err, { debug: debugging(argv), command: failed.command }));
  }
}

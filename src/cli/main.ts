import { Command, CommanderError } from 'commander';
import { PRINTSCAN_VERSION } from '../version.js';
import { oneLine, PrintscanError } from '../errors.js';
import { scrub } from '../secrets.js';

const EXIT_USAGE = 2;

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

function fail(message: string, hint?: string, code = EXIT_USAGE): void {
  process.stderr.write(`printscan: error: ${oneLine(scrub(message))}${hint ? ` (${oneLine(hint)})` : ''}\n`);
  process.exitCode = code;
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
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const named = argv[2];
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  for (const cmd of await Promise.all(wanted.map((name) => COMMANDS[name]()))) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
    program.addCommand(cmd);
  }

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
      process.exitCode = informational ? 0 : EXIT_USAGE;
    } else if (err instanceof PrintscanError) {
      fail(err.message, err.hint, err.exitCode);
    } else {
      fail((err as Error)?.stack ?? String(err), undefined, 1);
    }
  }
}

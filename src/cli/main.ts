import { Command, CommanderError } from 'commander';
import { PRINTSCAN_VERSION } from '../version.js';
import { PrintscanError } from '../errors.js';
import { demoCommand } from './demo.js';
import { collectCommand } from './collect.js';
import { discoverCommand } from './discover.js';
import { profilesCommand } from './profiles.js';
import { pushCommand } from './push.js';
import { runCommand } from './run.js';
import { receiveCommand } from './receive.js';
import { scanCommand } from './scan.js';
import { simCommand } from './sim.js';

const EXIT_USAGE = 2;

function fail(message: string, hint?: string, code = EXIT_USAGE): void {
  process.stderr.write(`printscan: error: ${message}${hint ? ` (${hint})` : ''}\n`);
  process.exitCode = code;
}

const program = new Command('printscan')
  .description('find printers and MFPs over SNMP and read their identity, meters, supplies and status')
  .version(PRINTSCAN_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

for (const cmd of [discoverCommand(), scanCommand(), collectCommand(), profilesCommand(), pushCommand(), runCommand(), receiveCommand(), simCommand(), demoCommand()]) {
  cmd.exitOverride();
  for (const sub of cmd.commands) sub.exitOverride();
  program.addCommand(cmd);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    const informational = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code);
    process.exitCode = informational ? 0 : EXIT_USAGE;
  } else if (err instanceof PrintscanError) {
    fail(err.message, err.hint);
  } else {
    fail((err as Error)?.stack ?? String(err), undefined, 1);
  }
}

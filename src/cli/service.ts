import { Argument, Command, CommanderError, Option } from 'commander';
import { homedir } from 'node:os';
import { UsageError } from '../errors.js';
import { cronLine } from '../service/cron.js';
import { DEFAULT_EVERY, parseEvery } from '../service/every.js';
import { installService } from '../service/install.js';
import { LAUNCHD_LABEL, launchdPlacement, launchdPlist } from '../service/launchd.js';
import { thisProgram } from '../service/program.js';
import { refuseControlCharacters, refuseSecretFlags } from '../service/secrets.js';
import { SERVICE_NAME, type ServiceSpec } from '../service/spec.js';
import { systemdPlacement, systemdUnits } from '../service/systemd.js';
import { TASK_FILE, windowsTask } from '../service/windows.js';
import { runFlagsParser } from './options/run.js';
import { warn, writeErr, writeOut } from './output.js';

const FORMATS = ['systemd', 'launchd', 'cron', 'windows'] as const;
type Format = (typeof FORMATS)[number];

/** Settings a shell may give by environment; a scheduler starts the service without that environment. */
const ENVIRONMENT_FLAGS = [
  ['PRINTSCAN_SERVER', '--server'],
  ['PRINTSCAN_TOKEN', '--token-file'],
  ['PRINTSCAN_RECIPIENT', '--recipient'],
  ['PRINTSCAN_STATE', '--state'],
] as const;

interface ServiceFlags {
  every?: string;
  scope?: ServiceSpec['scope'];
  dir?: string;
}

/** The run flags go through `printscan run`'s own parser: a typo is caught now, not at the first start at night. */
async function checkRunFlags(flags: string[]): Promise<void> {
  refuseSecretFlags(flags);
  refuseControlCharacters(flags);
  const run = runFlagsParser();
  // commander's own message is turned into one line below
  run.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  run.action(() => undefined);
  try {
    await run.parseAsync(flags, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    const why = e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`not a valid flag for printscan run: ${why}`, 'the flags after the format are those of printscan run');
  }
}

/** `--every`, `--scope` and `--dir` are the service's own; every other flag, wherever it stands, is run's. */
async function specFrom(runFlags: string[], flags: ServiceFlags): Promise<ServiceSpec> {
  const scope = flags.scope ?? (process.getuid?.() === 0 ? 'system' : 'user');
  const every = parseEvery(flags.every ?? DEFAULT_EVERY);
  await checkRunFlags(runFlags);
  for (const [variable, flag] of ENVIRONMENT_FLAGS) {
    if (process.env[variable] && !runFlags.some((f) => f.split('=')[0] === flag)) {
      warn(`${variable} is set here, but the service will not see it: pass ${flag}`);
    }
  }
  const program = await thisProgram();
  refuseControlCharacters([...program, process.cwd()]);
  return { program, runFlags, every, workingDirectory: process.cwd(), scope };
}

function recipe(format: Format, spec: ServiceSpec): { text: string; advice: string } {
  switch (format) {
    case 'systemd': {
      const units = systemdUnits(spec);
      const { dir, enable } = systemdPlacement(spec.scope, process.env, homedir());
      const text = `# ${dir}/${SERVICE_NAME}.service\n${units.service}\n# ${dir}/${SERVICE_NAME}.timer\n${units.timer}`;
      return { text, advice: `save the two units in ${dir}, then: ${enable} (printscan service install does both)` };
    }
    case 'launchd': {
      const { dir, enable } = launchdPlacement(spec.scope, homedir());
      const file = `${dir}/${LAUNCHD_LABEL}.plist`;
      return { text: launchdPlist(spec, homedir()), advice: `save as ${file}, then: ${enable(file)} (printscan service install does both)` };
    }
    case 'cron':
      return { text: cronLine(spec), advice: 'add the line with crontab -e' };
    case 'windows':
      return { text: windowsTask(spec), advice: `save as ${TASK_FILE}, then from an elevated prompt: schtasks /Create /TN printscan /XML ${TASK_FILE}` };
  }
}

const everyOption = () => new Option('--every <interval>', `how often the scheduler starts printscan run: 5m, 15m, 1h… (default ${DEFAULT_EVERY})`);
const scopeOption = () => new Option('--scope <scope>', 'user: the current account; system: the machine (default: system for root)').choices(['user', 'system']);

export function serviceCommand(): Command {
  const cmd = new Command('service').description('run printscan for years: print or install a systemd, launchd, cron or Task Scheduler definition for printscan run');
  cmd
    .command('print')
    .description('print a ready service definition that starts printscan run with these flags (secrets only by file)')
    .addArgument(new Argument('<format>', 'which scheduler').choices(FORMATS))
    .argument('[run-flags...]', 'the flags of printscan run (--server, --token-file, --ranges, …)')
    .addOption(everyOption())
    .addOption(scopeOption())
    .allowUnknownOption()
    .action(async (format: Format, runFlags: string[], flags: ServiceFlags) => {
      const spec = await specFrom(runFlags, flags);
      const { text, advice } = recipe(format, spec);
      writeOut(text);
      writeErr(`printscan: ${advice}\n`);
    });
  cmd
    .command('install')
    .description('write the systemd units (Linux) or the launchd plist (macOS) that start printscan run, and say how to enable them')
    .argument('[run-flags...]', 'the flags of printscan run (--server, --token-file, --ranges, …)')
    .addOption(everyOption())
    .addOption(scopeOption())
    .option('--dir <dir>', "write the files here instead of the scheduler's directory")
    .allowUnknownOption()
    .action(async (runFlags: string[], flags: ServiceFlags) => {
      const spec = await specFrom(runFlags, flags);
      const installed = await installService(spec, { platform: process.platform, env: process.env, home: homedir(), dir: flags.dir });
      for (const f of installed.files) writeOut(`${f.replaced ? 'replaced' : 'wrote'} ${f.path}\n`);
      writeOut(`enable it with: ${installed.enable}\n`);
    });
  return cmd;
}

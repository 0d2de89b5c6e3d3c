import { Command } from 'commander';
import { defaultStateDir } from '../inventory/state-dir.js';
import { runDue, type HeldRun, type RunResult } from '../pipeline/run.js';
import { endCollected, interruption } from './interrupt.js';
import { pushesSomewhere, pushSetupFrom } from './options/push.js';
import { collectSettingsFrom, recordFormat, scanSettingsFrom } from './options/record.js';
import { addRunOptions, everyOf, type RunFlags } from './options/run.js';
import { errorLine, EXIT, exitWith, stderrIsTTY, stdoutIsTTY, writeErr } from './output.js';
import { eventOutput } from './pipeline-output.js';
import { startProgress } from './progress.js';
import { RecordOutput } from './record-output.js';

const when = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Another run holds the lock. One that started within the longest plausible run is left to
 * work: this start does nothing (and says so only to a person). One older than that is stuck:
 * said loudly, naming it, so that cron mail reaches someone.
 */
function showHeld(held: HeldRun, quiet: boolean): void {
  if (!held.stuck) {
    if (!quiet) writeErr(`printscan: another printscan (pid ${held.pid}) is working on this state directory; this start does nothing (that run started at ${held.startedAt})\n`);
    return;
  }
  errorLine(
    `run.lock is held by pid ${held.pid}, started at ${held.startedAt} (${held.runningMinutes} min ago), longer than any run should take (2 × the ${held.collectMinutes}-minute collect interval): that process is probably stuck`,
    `stop it, e.g. kill ${held.pid}; the next run then takes ${held.path} over`,
  );
}

function showRan(result: Exclude<RunResult, { held: HeldRun }>, quiet: boolean, verbose: boolean): void {
  if (!quiet) {
    const { decision, next } = result;
    const ran = (['discover', 'collect', 'push'] as const).filter((p) => decision[p]);
    const due = Object.entries(next).map(([phase, at]) => `${phase} ${when(at)}`);
    writeErr(`ran: ${ran.join(', ') || 'nothing due'}; next due: ${due.join(', ')}\n`);
    if (verbose && decision.reasons.length > 0) writeErr(`why: ${decision.reasons.join('; ')}\n`);
  }
  if (result.trouble) exitWith(EXIT.problems);
  if (result.collected) endCollected(result.collected.report);
}

/**
 * For cron and Task Scheduler: started every few minutes, it runs what the schedule says is
 * due (discover + collect, or collect alone) and pushes, then says when each phase is next due.
 */
export function runCommand(): Command {
  const cmd = new Command('run')
    .description('run what the schedule says is due (discover + collect, collect, push): start it from cron every 15 minutes')
    .argument('[targets...]', 'what to discover (default: the ranges of --ranges or of the server configuration)');
  addRunOptions(cmd);
  return cmd.action(async (targets: string[], flags: RunFlags) => {
    const pushes = pushesSomewhere(flags);
    // stdout carries the sealed report when that is the uploader: the records stay off it
    const chosen = recordFormat({ ...flags, push: pushes });
    // Under a scheduler nobody reads a table or a summary: stdout stays empty unless a format
    // was asked for, and stderr carries only problems, so cron mails only what went wrong.
    const format = chosen === 'table' && !stdoutIsTTY() ? 'none' : chosen;
    const quiet = flags.quiet === true || (!stdoutIsTTY() && !stderrIsTTY() && !flags.verbose);
    const settings = { ...flags, push: false };
    const scan = scanSettingsFrom(targets, settings);
    const collect = collectSettingsFrom(settings);
    const push = pushes ? await pushSetupFrom(flags) : undefined;
    const records = new RecordOutput(format, flags.explain === true);
    const progress = await startProgress(!quiet);
    try {
      const emit = eventOutput({ records, progress, quiet });
      const result = await runDue({ stateDir: flags.state ?? defaultStateDir(), scan, collect, push, every: everyOf(flags), now: flags.now, emit, signal: interruption() });
      if (result.held) showHeld(result.held, quiet);
      else showRan(result, quiet, flags.verbose === true);
    } finally {
      progress.stop();
    }
  });
}

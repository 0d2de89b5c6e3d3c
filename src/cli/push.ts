import { Command } from 'commander';
import Table from 'cli-table3';
import { UsageError } from '../errors.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { readLatestReport } from '../inventory/latest-report.js';
import { readPushState } from '../upload/push-state.js';
import { reportsToSeal } from '../upload/seal-pending.js';
import { Spool, type SpoolEntry } from '../upload/spool.js';
import { runPush } from '../pipeline/push.js';
import { interruption } from './interrupt.js';
import { addPushOptions, pushSetupFrom, type PushFlags } from './options/push.js';
import { EXIT, exitWith, writeErr, writeOut } from './output.js';
import { eventOutput, kb } from './pipeline-output.js';

interface PushCommandFlags extends PushFlags {
  status?: boolean;
  drop?: string[];
  json?: boolean;
  state?: string;
  quiet?: boolean;
}

const elapsedSince = (iso: string, now = Date.now()) => {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  return minutes < 120 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} d`;
};

/** The one waiting report an id or a unique start of one names, as `git` takes a short commit id. */
function resolveReportId(given: string, waiting: readonly SpoolEntry[], dir: string): SpoolEntry {
  const matches = waiting.filter((e) => e.reportId === given || (given.length >= 4 && e.reportId.startsWith(given.toLowerCase())));
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new UsageError(`no report ${given} waits in ${dir}`, 'printscan push --status lists them');
  throw new UsageError(`"${given}" starts ${matches.length} waiting reports (${matches.map((e) => e.reportId).join(', ')})`, 'give more of the id');
}

/** Removes reports from the spool on purpose: the only way one leaves it unsent, besides a full spool. */
async function dropReports(ids: string[], stateDir: string): Promise<void> {
  const spool = await Spool.open(stateDir);
  const waiting = await spool.list();
  // every id is resolved before anything is removed: a typo in the third drops nothing
  const chosen = new Set(ids.map((id) => resolveReportId(id, waiting, spool.dir)));
  for (const entry of chosen) {
    await spool.remove(entry);
    writeErr(`dropped report ${entry.reportId} of ${entry.createdAt} (${entry.attempts} tries; last error: ${entry.lastError ?? 'none'}), never delivered\n`);
  }
}

/** What waits and why, without touching the network. */
async function showStatus(flags: PushCommandFlags, stateDir: string): Promise<void> {
  const spool = await Spool.open(stateDir);
  const waiting = await spool.list();
  const state = await readPushState(stateDir);
  const latest = await readLatestReport(stateDir).catch(() => undefined);
  const toSeal = await reportsToSeal(stateDir);
  const unsealed = latest !== undefined && toSeal.includes(latest.reportId);
  if (flags.json) {
    const latestReport = latest ? { reportId: latest.reportId, finishedAt: latest.finishedAt, devices: latest.devices.length, sealed: !unsealed } : null;
    writeOut(JSON.stringify({ spool: spool.dir, waiting, toSeal, lastSent: state.lastSent ?? null, latestReport }, null, 2) + '\n');
    return;
  }
  if (waiting.length === 0) writeOut(`spool ${spool.dir} is empty\n`);
  else {
    const table = new Table({ head: ['report', 'made', 'size', 'tries', 'last error'], style: { head: [], border: [] }, wordWrap: true, colWidths: [38, 10, 10, 7, 60] });
    for (const e of waiting) table.push([e.reportId, elapsedSince(e.createdAt), kb(e.bytes), String(e.attempts), e.lastError ?? '(not tried yet)']);
    writeOut(`${waiting.length} report(s) waiting in ${spool.dir}:\n${table.toString()}\n`);
  }
  writeOut(state.lastSent ? `last sent: ${state.lastSent.reportId}, ${elapsedSince(state.lastSent.at)} ago, ${state.lastSent.detail}\n` : 'nothing sent yet\n');
  const older = toSeal.filter((id) => id !== latest?.reportId).length;
  if (unsealed) writeOut(`latest report ${latest.reportId} (${latest.devices.length} devices, ${elapsedSince(latest.finishedAt)} ago) is not sealed yet: the next push sends it\n`);
  if (older > 0) writeOut(`${older} older report(s) not sealed yet: the next push sends them too\n`);
}

export function pushCommand(): Command {
  const cmd = new Command('push')
    .description('seal every report not sealed yet, then send everything waiting in the spool, oldest first')
    .option('--status', 'show what waits in the spool and why; sends nothing')
    .option('--drop <reportId...>', 'remove these reports (a full id, or a unique start of one) from the spool unsent, for one the server will never accept; sends nothing')
    .option('--json', 'with --status: one JSON document')
    .option('--state <dir>', 'where the inventory, reports and spool live')
    .option('-q, --quiet', 'no progress or summary on stderr');
  addPushOptions(cmd);
  return cmd.action(async (flags: PushCommandFlags) => {
    const stateDir = flags.state ?? defaultStateDir();
    if (flags.status && flags.drop) throw new UsageError('--status only looks and --drop removes: use one at a time');
    if (flags.json && !flags.status) throw new UsageError('--json goes with --status (push --status --json)', 'a push itself reports on stderr');
    if (flags.status) return showStatus(flags, stateDir);
    if (flags.drop) return dropReports(flags.drop, stateDir);
    const push = await pushSetupFrom(flags);
    const pushed = await runPush({ stateDir, push, emit: eventOutput({ quiet: flags.quiet === true }), signal: interruption() });
    if (pushed.trouble) exitWith(EXIT.problems);
  });
}

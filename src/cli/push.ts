import { Command } from 'commander';
import Table from 'cli-table3';
import { UsageError } from '../errors.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { readLatestReport } from '../inventory/latest-report.js';
import { readPushState, type PushState } from '../upload/push-state.js';
import { Spool, type SpoolEntry } from '../upload/spool.js';
import type { Report } from '../report/types.js';
import { addPushOptions, preparePush, type PushFlags, type PushPlan } from './push-options.js';
import { kb, sealIntoSpool, sendSpool } from './push-run.js';

interface PushCommandFlags extends PushFlags {
  status?: boolean;
  drop?: string[];
  json?: boolean;
  state?: string;
  quiet?: boolean;
}

const age = (iso: string, now = Date.now()) => {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  return minutes < 120 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} d`;
};

/** Removes reports from the spool on purpose: the only way one leaves it unsent, besides a full spool. */
async function dropReports(ids: string[], stateDir: string): Promise<void> {
  const spool = await Spool.open(stateDir);
  const waiting = await spool.list();
  const unknown = ids.filter((id) => !waiting.some((e) => e.reportId === id));
  if (unknown.length > 0) throw new UsageError(`no report ${unknown.join(', ')} waits in ${spool.dir}`, 'printscan push --status lists them');
  for (const entry of waiting.filter((e) => ids.includes(e.reportId))) {
    await spool.remove(entry);
    process.stderr.write(`dropped report ${entry.reportId} of ${entry.createdAt} (${entry.attempts} tries; last error: ${entry.lastError ?? 'none'}), never delivered\n`);
  }
}

/** What waits and why, without touching the network. */
async function showStatus(flags: PushCommandFlags, stateDir: string): Promise<void> {
  const spool = await Spool.open(stateDir);
  const waiting = await spool.list();
  const state = await readPushState(stateDir);
  const latest = await readLatestReport(stateDir).catch(() => undefined);
  const unsealed = needsSealing(latest, state, waiting);
  if (flags.json) {
    process.stdout.write(JSON.stringify({ spool: spool.dir, waiting, lastSent: state.lastSent ?? null, latestReport: latest ? { reportId: latest.reportId, finishedAt: latest.finishedAt, devices: latest.devices.length, sealed: !unsealed } : null }, null, 2) + '\n');
    return;
  }
  if (waiting.length === 0) process.stdout.write(`spool ${spool.dir} is empty\n`);
  else {
    const table = new Table({ head: ['report', 'made', 'size', 'tries', 'last error'], style: { head: [], border: [] }, wordWrap: true, colWidths: [38, 10, 10, 7, 60] });
    for (const e of waiting) table.push([e.reportId, age(e.createdAt), kb(e.bytes), String(e.attempts), e.lastError ?? '(not tried yet)']);
    process.stdout.write(`${waiting.length} report(s) waiting in ${spool.dir}:\n${table.toString()}\n`);
  }
  process.stdout.write(state.lastSent ? `last sent: ${state.lastSent.reportId}, ${age(state.lastSent.at)} ago, ${state.lastSent.detail}\n` : 'nothing sent yet\n');
  if (unsealed) process.stdout.write(`latest report ${latest.reportId} (${latest.devices.length} devices, ${age(latest.finishedAt)} ago) is not sealed yet: the next push sends it\n`);
}

export function pushCommand(): Command {
  const cmd = new Command('push')
    .description('seal the latest report if it was not sent yet, then send everything waiting in the spool, oldest first')
    .option('--status', 'show what waits in the spool and why; sends nothing')
    .option('--drop <reportId...>', 'remove these reports from the spool unsent (one the server will never accept); sends nothing')
    .option('--json', 'with --status: one JSON document')
    .option('--state <dir>', 'where the inventory, reports and spool live')
    .option('-q, --quiet', 'no progress or summary on stderr');
  addPushOptions(cmd);
  return cmd.action(async (flags: PushCommandFlags) => {
    const stateDir = flags.state ?? defaultStateDir();
    if (flags.status) return showStatus(flags, stateDir);
    if (flags.drop) return dropReports(flags.drop, stateDir);
    const toSeal = await unsealedLatest(stateDir);
    const plan = await preparePush(flags, stateDir, toSeal !== undefined);
    try {
      for (const w of plan.warnings) process.stderr.write(`printscan: warning: ${w}\n`);
      if (await pushPending(plan, stateDir, toSeal, flags.quiet === true)) process.exitCode = 1;
    } finally {
      await plan.close();
    }
  });
}

/** A report no push has sealed yet (a collect without --push made it), and not already in the spool. */
function needsSealing(latest: Report | undefined, state: PushState, waiting: readonly SpoolEntry[]): latest is Report {
  return latest !== undefined && latest.reportId !== state.lastSealedReportId && !waiting.some((e) => e.reportId === latest.reportId);
}

/** The latest report when it still needs sealing. */
export async function unsealedLatest(stateDir: string): Promise<Report | undefined> {
  const latest = await readLatestReport(stateDir);
  const waiting = await (await Spool.open(stateDir)).list();
  return needsSealing(latest, await readPushState(stateDir), waiting) ? latest : undefined;
}

/** Seals `toSeal` when given, then sends the spool; true when the user must look. */
export async function pushPending(plan: PushPlan, stateDir: string, toSeal: Report | undefined, quiet: boolean): Promise<boolean> {
  const dropped = toSeal ? await sealIntoSpool(toSeal, plan, stateDir, quiet) : false;
  const { trouble } = await sendSpool(plan, stateDir, quiet);
  return dropped || trouble;
}

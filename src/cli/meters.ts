import { Command } from 'commander';
import { now } from '../clock.js';
import { UsageError } from '../errors.js';
import { metersAt } from '../history/meters-at.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { fitTable, type Column } from './fit-table.js';
import { csvCell } from './render.js';
import { historyOrExplain } from './history-input.js';
import { writeOut } from './output.js';

interface MetersFlags {
  at?: string;
  csv?: boolean;
  json?: boolean;
  state?: string;
}

function parseDate(text: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(text) ? new Date(text.length === 10 ? `${text}T23:59:59Z` : text) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${text}" is not a date`, 'use YYYY-MM-DD (the end of that day, UTC) or an ISO time such as 2026-11-30T18:00:00Z');
  return at;
}

export function metersCommand(): Command {
  return new Command('meters')
    .description('the meter read closest to a date for every device: the file a billing system imports')
    .option('--at <date>', 'YYYY-MM-DD or an ISO time (default: now)')
    .option('--csv', 'CSV: serial, model, address, read time, then one column per meter')
    .option('--json', 'one JSON document')
    .option('--state <dir>', 'where the inventory and history live')
    .action(async (flags: MetersFlags) => {
      if (flags.csv && flags.json) throw new UsageError('choose one of --csv and --json');
      const at = flags.at !== undefined ? parseDate(flags.at) : now();
      const { meters, reads } = metersAt(await historyOrExplain(flags.state ?? defaultStateDir()), at);
      if (flags.json) {
        writeOut(JSON.stringify({ at: at.toISOString(), reads }, null, 2) + '\n');
        return;
      }
      const head = ['serialNumber', 'model', 'ip', 'readAt', ...meters];
      const rows = reads.map((r) => [r.serialNumber, r.model, r.ip, r.readAt, ...meters.map((m) => r.meters[m])]);
      if (flags.csv) {
        writeOut([head.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\n') + '\n');
        return;
      }
      const columns: Column[] = [
        { head: 'Serial', priority: 0, min: 47 },
        { head: 'Model', priority: 1, min: 10 },
        { head: 'Address', priority: 2, min: 47 },
        { head: 'Read', priority: 0, min: 16 },
        ...meters.map((m, i): Column => ({ head: m, priority: i === 0 ? 0 : 3 + i, min: 7, align: 'right' })),
      ];
      const cells = rows.map((row) => row.map((v, i) => (v === undefined ? '' : i === 3 ? String(v).slice(0, 16).replace('T', ' ') : typeof v === 'number' ? v.toLocaleString('en-US') : String(v))));
      writeOut(fitTable(columns, cells) + '\n');
    });
}

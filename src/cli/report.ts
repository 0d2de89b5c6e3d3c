import { Command } from 'commander';
import { now } from '../clock.js';
import { UsageError } from '../errors.js';
import { fleetFigures, type FleetFigures } from '../history/fleet.js';
import { fleetHtml } from '../history/html.js';
import { stateWord } from '../history/svg.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { defaultStateDir } from '../inventory/state-dir.js';
import { fitTable, thousands, type Column } from './fit-table.js';
import { historyOrExplain } from './history-input.js';
import { csvCell } from './render.js';
import { integer } from './options/integer.js';
import { writeErr, writeOut } from './output.js';

interface ReportFlags {
  since: number;
  silentDays: number;
  html?: string;
  json?: boolean;
  csv?: boolean;
  title?: string;
  state?: string;
}

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

/** `30d`, `6w`, `3m`, `1y` or a plain number of days. */
export function parseDays(text: string): number {
  const m = /^(\d+)([dwmy]?)$/.exec(text.trim());
  const days = m ? Number(m[1]) * UNIT_DAYS[m[2] || 'd'] : NaN;
  if (!(days >= 1 && days <= 400)) throw new UsageError(`--since "${text}" must be a span from 1d to 400d, like 30d, 6w or 3m`);
  return days;
}

const CSV_COLUMNS = ['ip', 'vendor', 'model', 'serialNumber', 'location', 'pagesPerMonth', 'colorShare', 'lowestSupply', 'daysToFirstEmpty', 'trouble', 'lastRead'];

function csv(f: FleetFigures): string {
  const rows = f.devices.map((d) => {
    const known = d.supplies.filter((s) => s.percent !== null);
    const lowest = known.length > 0 ? known.reduce((a, b) => (b.percent! < a.percent! ? b : a)) : undefined;
    const soonest = d.supplies.filter((s) => s.daysLeft !== undefined).map((s) => s.daysLeft!);
    return [
      d.ip, d.brand ?? d.vendor, d.model, d.serialNumber, d.location,
      d.monthlyVolume === undefined ? undefined : Math.round(d.monthlyVolume),
      d.colorShare === undefined ? undefined : d.colorShare.toFixed(3),
      lowest ? `${lowest.description ?? lowest.type} ${lowest.percent}%` : undefined,
      soonest.length > 0 ? Math.round(Math.min(...soonest)) : undefined,
      d.trouble.join('; '), d.lastRead,
    ].map(csvCell).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\n') + '\n';
}

const REPORT_TABLE: Column[] = [
  { head: 'Address', priority: 0, min: 47 },
  { head: 'Model', priority: 0, min: 10 },
  { head: 'Serial', priority: 3, min: 8 },
  { head: 'Pages/month', priority: 1, min: 7, align: 'right' },
  { head: 'Colour', priority: 4, min: 6, align: 'right' },
  { head: 'Supplies', priority: 2, min: 12 },
];

function text(f: FleetFigures): string {
  const s = f.summary;
  const lines = [
    `${s.devices} ${s.devices === 1 ? 'device' : 'devices'}, ${s.monthlyVolume.toLocaleString('en-US')} pages a month${s.colorShare !== undefined ? `, ${Math.round(s.colorShare * 100)} % colour` : ''} (${s.window.days} days to ${s.window.to.slice(0, 10)})`,
  ];
  for (const a of f.attention) lines.push(`  ${a.reason.padEnd(9)} ${a.ip}  ${a.model ?? ''}: ${a.detail}`);
  const rows = f.devices.map((d) => [
    d.ip,
    d.model ?? '',
    d.serialNumber ?? '',
    thousands(d.monthlyVolume === undefined ? undefined : Math.round(d.monthlyVolume)),
    d.colorShare === undefined ? '' : `${Math.round(d.colorShare * 100)}%`,
    d.supplies.map((x) => `${x.color ?? x.description ?? x.type} ${x.percent !== null ? `${Math.round(x.percent)}%` : stateWord(x.state)}${x.daysLeft !== undefined ? ` (${Math.round(x.daysLeft)}d)` : ''}`).join(', '),
  ]);
  const table = fitTable(REPORT_TABLE, rows);
  return `${lines.join('\n')}\n${table}\n`;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('what the fleet did, from the meter history: volumes, colour share, supply forecasts, what needs attention')
    .option('--since <span>', 'the window volumes are measured over: 30d, 6w, 3m', parseDays, 30)
    .option('--silent-days <n>', 'a device not read for this many days is listed as silent', integer('--silent-days', 1, 400), 7)
    .option('--html <file>', 'write one self-contained HTML page (no external references; prints on A4 and Letter)')
    .option('--json', 'the same figures as one JSON document')
    .option('--csv', 'one row per device')
    .option('--title <text>', 'the HTML page title', 'Print fleet report')
    .option('--state <dir>', 'where the inventory and history live')
    .action(async (flags: ReportFlags) => {
      if ([flags.html !== undefined, flags.json, flags.csv].filter(Boolean).length > 1) throw new UsageError('choose one of --html, --json and --csv');
      const stateDir = flags.state ?? defaultStateDir();
      const figures = fleetFigures(await historyOrExplain(stateDir), { now: now(), sinceDays: flags.since, silentDays: flags.silentDays });
      if (flags.html !== undefined) {
        await writeFileAtomic(flags.html, fleetHtml(figures, flags.title));
        writeErr(`wrote ${flags.html}: ${figures.summary.devices} devices, ${figures.attention.length} to look at\n`);
      } else if (flags.json) writeOut(JSON.stringify(figures, null, 2) + '\n');
      else if (flags.csv) writeOut(csv(figures));
      else writeOut(text(figures));
    });
}

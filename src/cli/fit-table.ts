/**
 * Tables that fit the terminal they are printed on: empty columns are left out, the least
 * important columns go first when the width is short, the widest shrink next, and a cell too
 * long for its column ends in "…". Widths count terminal columns (a Japanese model name takes
 * two a character), the way cli-table3 lays them out.
 */
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { stdoutStream } from './output.js';

export interface Column {
  head: string;
  /** lower is kept longer when the terminal is narrow; 0 is never dropped */
  priority: number;
  /** narrowest this column may be squeezed to (its content, not counting padding); at least its widest cell keeps it whole */
  min?: number;
  align?: 'left' | 'right';
}

/** No column grows past this however long its text: a stray 1 KiB display string stays a cell. */
const MAX_WIDTH = 40;
const DEFAULT_MIN = 6;
/** cli-table3 pads each cell by one column either side and draws one border between cells */
const PADDING = 2;

/** The width to fit: the terminal's, else $COLUMNS, else none (a pipe to a file or a pager). */
export function outputWidth(stream: NodeJS.WriteStream = stdoutStream(), env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Infinity;
}

function totalWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + PADDING, 0) + widths.length + 1;
}

/** Which columns stay and how wide each is, for rows of text cells. */
export function layout(columns: readonly Column[], rows: readonly string[][], width: number): { keep: number[]; widths: number[] } {
  let keep = columns.map((_, i) => i).filter((i) => rows.some((r) => (r[i] ?? '') !== ''));
  const natural = (i: number) => Math.min(MAX_WIDTH, Math.max(stringWidth(columns[i].head), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const least = (i: number) => Math.min(natural(i), columns[i].min ?? DEFAULT_MIN);
  // Drop the least important columns until the narrowest layout fits.
  while (keep.length > 1 && totalWidth(keep.map(least)) > width) {
    const drop = keep.reduce((a, b) => (columns[b].priority >= columns[a].priority ? b : a));
    if (columns[drop].priority === 0) break;
    keep = keep.filter((i) => i !== drop);
  }
  const widths = keep.map(natural);
  // Then take a column at a time from the widest column that can still give one.
  while (totalWidth(widths) > width) {
    let widest = -1;
    widths.forEach((w, j) => {
      if (w > least(keep[j]) && (widest < 0 || w > widths[widest])) widest = j;
    });
    if (widest < 0) break;
    widths[widest]--;
  }
  return { keep, widths };
}

/** Borders around the table and under the header, none between rows. */
const CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

export function fitTable(columns: readonly Column[], rows: readonly string[][], width = outputWidth()): string {
  const { keep, widths } = layout(columns, rows, width);
  const table = new Table({
    head: keep.map((i) => columns[i].head),
    colWidths: widths.map((w) => w + PADDING),
    colAligns: keep.map((i) => columns[i].align ?? 'left'),
    wordWrap: false,
    truncate: '…',
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) table.push(keep.map((i) => row[i] ?? ''));
  return table.toString();
}

/** 1234567 → "1,234,567"; absent stays blank. */
export function thousands(n: number | undefined): string {
  return n === undefined ? '' : n.toLocaleString('en-US');
}

/** "1 address", "2 addresses". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Small inline SVG pictures for the HTML report: no script, no external reference. */
import type { SupplyForecast } from './forecast.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SUPPLY_COLOR: Record<string, string> = { black: '#222', cyan: '#0aa3c9', magenta: '#c9187a', yellow: '#e8c21a' };

/** A horizontal gauge for one supply: its level, and days left where a forecast exists. */
export function supplyGauge(s: SupplyForecast): string {
  const name = s.description ?? [s.color, s.type].filter(Boolean).join(' ');
  const fill = SUPPLY_COLOR[s.color ?? ''] ?? '#5b6b7a';
  const width = s.percent === null ? 0 : Math.max(0, Math.min(100, s.percent));
  const level = s.percent === null ? stateWord(s.state) : `${Math.round(s.percent)} %`;
  const left = s.daysLeft !== undefined ? ` · ${s.daysLeft < 1 ? 'under a day' : `${Math.round(s.daysLeft)} d`}` : '';
  const flag = s.state === 'empty' || s.state === 'low' || (s.daysLeft !== undefined && s.daysLeft <= 14) ? ' warn' : '';
  return (
    `<div class="gauge${flag}" title="${escapeHtml(name)}: ${escapeHtml(level)}${escapeHtml(left)}">` +
    `<svg viewBox="0 0 100 8" width="64" height="8" aria-hidden="true"><rect width="100" height="8" rx="2" fill="#e3e7eb"/>` +
    `<rect width="${width}" height="8" rx="2" fill="${fill}"/></svg>` +
    `<span>${escapeHtml(shortName(name))} ${escapeHtml(level)}${escapeHtml(left)}</span></div>`
  );
}

function shortName(name: string): string {
  return name.length > 22 ? `${name.slice(0, 21)}…` : name;
}

const STATE_WORD: Record<string, string> = { someRemaining: 'some left', unknown: 'level unknown', other: 'no level', empty: 'empty', low: 'low', ok: 'ok' };

export function stateWord(state: string): string {
  return STATE_WORD[state] ?? state;
}

/** Pages a day as bars, one a day over the window, to show how a device's volume moves. */
export function volumeChart(daily: readonly { day: string; pages: number }[], from: Date, days: number): string {
  if (daily.length === 0) return '<span class="muted">no volume yet</span>';
  const byDay = new Map(daily.map((d) => [d.day, d.pages]));
  const top = Math.max(1, ...daily.map((d) => d.pages));
  const slots = Math.max(1, Math.round(days));
  const bar = 120 / slots;
  let bars = '';
  for (let i = 0; i < slots; i++) {
    const day = new Date(from.getTime() + (i + 1) * 86_400_000).toISOString().slice(0, 10);
    const pages = byDay.get(day) ?? 0;
    const h = Math.round((pages / top) * 28);
    if (h > 0) bars += `<rect x="${(i * bar).toFixed(2)}" y="${30 - h}" width="${Math.max(0.5, bar - 0.6).toFixed(2)}" height="${h}"><title>${day}: ${pages} pages</title></rect>`;
  }
  return `<svg class="chart" viewBox="0 0 120 30" width="120" height="30" role="img" aria-label="pages per day, highest ${top}">${bars}</svg>`;
}

/**
 * The fleet report as one self-contained HTML page: inline CSS and SVG only, and a content
 * security policy that forbids loading anything, so it opens the same from a USB stick, a mail
 * attachment or a phone, and prints on A4 or Letter. Every device string is escaped: it came
 * from the network.
 */
import type { AttentionItem, DeviceFigures, FleetFigures } from './fleet.js';
import { escapeHtml as e, supplyGauge, volumeChart } from './svg.js';

const STYLE = `
:root{--ink:#1d2630;--muted:#66727e;--line:#dde2e7;--warn:#b3261e;--accent:#1f5f99}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:#fff}
main{max-width:1200px;margin:0 auto;padding:20px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.muted{color:var(--muted)}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-top:16px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}.card b{display:block;font-size:22px}.card small{color:var(--muted)}
.attention{list-style:none;padding:0;margin:0}.attention li{padding:6px 0;border-bottom:1px solid var(--line)}
.tag{display:inline-block;min-width:86px;font-size:12px;font-weight:600;border-radius:4px;padding:1px 6px;margin-right:8px;text-align:center;background:#eef1f4}
.tag.empty,.tag.error{background:#fbe3e1;color:var(--warn)}.tag.soonEmpty,.tag.low{background:#fff3d6;color:#7a5200}
table{width:100%;border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:7px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.gauge{display:flex;align-items:center;gap:6px;font-size:12px;white-space:nowrap}.gauge.warn span{color:var(--warn);font-weight:600}
.chart rect{fill:var(--accent)}.trouble{color:var(--warn)}.ok{color:#2e7d32}
@media (max-width:720px){main{padding:12px}thead{display:none}table,tbody,tr,td{display:block;width:100%}
 tr{border:1px solid var(--line);border-radius:8px;margin-bottom:10px;padding:6px}td{border:0;padding:3px 4px}
 td[data-label]::before{content:attr(data-label);display:block;font-size:11px;color:var(--muted)}td.num{text-align:left}}
@media print{@page{margin:12mm}main{max-width:none;padding:0}body{font-size:10.5px}h2{break-after:avoid}tr,.card,li{break-inside:avoid}}
`;

function fmt(n: number | undefined): string {
  return n === undefined ? '–' : Math.round(n).toLocaleString('en-US');
}

function pct(share: number | undefined): string {
  return share === undefined ? '–' : `${Math.round(share * 100)} %`;
}

function counts(map: Record<string, number>): string {
  return Object.entries(map)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${e(k)}`)
    .join(', ');
}

const REASON: Record<AttentionItem['reason'], string> = { empty: 'empty', error: 'error', soonEmpty: 'runs out soon', silent: 'silent', low: 'low' };

function attentionList(items: readonly AttentionItem[]): string {
  if (items.length === 0) return '<p class="ok">Nothing needs attention.</p>';
  const li = items.map((a) => `<li><span class="tag ${a.reason}">${REASON[a.reason]}</span>${e(a.model ?? 'device')} <span class="muted">${e(a.ip)}</span> — ${e(a.detail)}</li>`);
  return `<ul class="attention">${li.join('')}</ul>`;
}

function deviceRow(d: DeviceFigures, from: Date, days: number): string {
  const name = [d.brand ?? d.vendor, d.model].filter(Boolean).join(' ') || d.ip;
  const status = d.trouble.length > 0 ? `<span class="trouble">${e(d.trouble.join(', '))}</span>` : '<span class="ok">ok</span>';
  const seen = d.daysSinceRead > 1 ? `<br><small class="muted">last read ${e(d.lastRead.slice(0, 10))}</small>` : '';
  return (
    `<tr><td data-label="Device"><b>${e(name)}</b><br><small class="muted">${e(d.ip)}${d.hostname ? ` · ${e(d.hostname)}` : ''}</small></td>` +
    `<td data-label="Serial">${e(d.serialNumber ?? '–')}</td><td data-label="Location">${e(d.location ?? '–')}</td>` +
    `<td data-label="Pages a month" class="num">${fmt(d.monthlyVolume)}</td><td data-label="Colour" class="num">${pct(d.colorShare)}</td>` +
    `<td data-label="Supplies">${d.supplies.map(supplyGauge).join('') || '<span class="muted">–</span>'}</td>` +
    `<td data-label="Status">${status}${seen}</td><td data-label="Pages a day">${volumeChart(d.daily, from, days)}</td></tr>`
  );
}

export function fleetHtml(f: FleetFigures, title = 'Print fleet report'): string {
  const s = f.summary;
  const from = new Date(s.window.from);
  const rows = f.devices.map((d) => deviceRow(d, from, s.window.days)).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${e(title)}</h1>
<div class="muted">${e(s.window.from.slice(0, 10))} to ${e(s.window.to.slice(0, 10))} (${s.window.days} days) · made ${e(s.generatedAt.slice(0, 16).replace('T', ' '))} UTC by printscan</div>
<section class="cards">
<div class="card"><b>${s.devices}</b><small>devices: ${counts(s.byKind)}</small></div>
<div class="card"><b>${fmt(s.monthlyVolume)}</b><small>pages a month</small></div>
<div class="card"><b>${pct(s.colorShare)}</b><small>colour share</small></div>
<div class="card"><b>${s.withErrors}</b><small>devices with errors</small></div>
<div class="card"><b>${s.emptySupplies + s.lowSupplies}</b><small>supplies low or empty</small></div>
<div class="card"><b>${s.silent}</b><small>silent over ${s.silentDays} days</small></div>
</section>
<p class="muted">By maker: ${counts(s.byVendor)}</p>
<h2>Needs attention</h2>
${attentionList(f.attention)}
<h2>Devices</h2>
<table><thead><tr><th>Device</th><th>Serial</th><th>Location</th><th>Pages a month</th><th>Colour</th><th>Supplies</th><th>Status</th><th>Pages a day</th></tr></thead>
<tbody>${rows}</tbody></table>
</main></body></html>
`;
}

import { discover, type DiscoverOptions } from '../discover/discover.js';
import type { DiscoveredDevice, HostProblem } from '../identify/types.js';
import type { ScanRange } from '../targets/scan-range.js';
import { fail, ok, type Check } from './check.js';

export type SweepSettings = Omit<DiscoverOptions, 'ranges' | 'all'>;

/** How a range is named in a line: its targets, shortened; never its credentials. */
export function rangeLabel(range: ScanRange, index: number): string {
  const targets = range.targets.join(',');
  return `range ${index + 1} (${targets.length > 48 ? `${targets.slice(0, 47)}…` : targets})`;
}

function describe(d: DiscoveredDevice): string {
  const what = [d.brand ?? d.vendor, d.model].filter(Boolean).join(' ') || d.kind;
  return `${d.ip}${d.port !== 161 ? `:${d.port}` : ''} answers SNMP v${d.snmpVersion} (${what})`;
}

/**
 * Sweeps one range as discover does, with its own credentials, and names the first address
 * that answered; a range where nothing answers, or where answers fail, says what to look at.
 */
export async function checkRange(range: ScanRange, index: number, settings: SweepSettings): Promise<Check> {
  const label = rangeLabel(range, index);
  let first: DiscoveredDevice | undefined;
  const problems: HostProblem[] = [];
  let addresses = 0;
  for await (const event of discover({ ...settings, ranges: [range], all: true })) {
    if (event.type === 'device') first ??= event.device;
    else if (event.type === 'problem') problems.push(event.problem);
    else if (event.type === 'summary') addresses = event.summary.addresses;
  }
  if (first) return ok('snmp', `${label}: ${describe(first)}`);
  const p = problems[0];
  if (p) return fail('snmp', `${label}: ${p.ip} ${p.problem}: ${p.detail}; check the range's credentials (community, v3 user and keys)`);
  const version = range.credentials[0]?.version ?? '1';
  return fail(
    'snmp',
    `${label}: none of ${addresses} address${addresses === 1 ? '' : 'es'} answered SNMP v${version} with the configured credentials: check the addresses, the community or v3 user, and that UDP ${range.port ?? settings.port ?? 161} is open to this machine`,
  );
}

import type { Interval } from './every.js';

/** What every recipe is made from: the same program, flags and pace in each scheduler's own syntax. */
export interface ServiceSpec {
  /** what starts printscan: [executable] for the single executable, [node, …/bin/printscan.js] otherwise; absolute */
  program: string[];
  /** the flags of `printscan run`, as the user gave them */
  runFlags: string[];
  every: Interval;
  /** relative paths among the flags (a --ranges file, a --token-file) keep meaning what they meant here */
  workingDirectory: string;
  /** `user`: the account that installs it; `system`: the machine's scheduler (root, SYSTEM) */
  scope: 'user' | 'system';
}

export const SERVICE_NAME = 'printscan';

/** The whole command line, program first. */
export function commandOf(spec: ServiceSpec): string[] {
  return [...spec.program, 'run', ...spec.runFlags];
}

/** Text for an XML element or attribute value. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The doctor command that checks a service made from this spec, for the recipes' comments. */
export function doctorHint(spec: ServiceSpec): string {
  return `printscan doctor${spec.runFlags.length > 0 ? ' <the same flags>' : ''}`;
}

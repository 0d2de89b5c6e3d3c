import { cronSchedule } from './every.js';
import { commandOf, doctorHint, type ServiceSpec } from './spec.js';

/** One word for /bin/sh: as it is when plain, else single-quoted. */
export function shellWord(arg: string): string {
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A crontab line for `crontab -e`. cron turns an unescaped `%` into a newline, so each is
 * escaped. The records on stdout are dropped (they are kept in the state directory), and
 * `--quiet` keeps the every-run summary out of cron's mail: what reaches it is what went wrong.
 */
export function cronLine(spec: ServiceSpec): string {
  const quiet = spec.runFlags.some((f) => f === '-q' || f === '--quiet') ? [] : ['--quiet'];
  const command = [...commandOf(spec), ...quiet].map(shellWord).join(' ');
  const line = `${cronSchedule(spec.every)} cd ${shellWord(spec.workingDirectory)} && ${command} >/dev/null`;
  return [
    `# printscan run every ${spec.every.text}, as the user whose crontab this is; check the set-up with: ${doctorHint(spec)}`,
    '# stdout (the records) is dropped: they stay in the state directory; cron mails what goes wrong.',
    line.replace(/%/g, '\\%'),
    '',
  ].join('\n');
}

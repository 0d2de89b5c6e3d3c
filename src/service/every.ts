import { UsageError } from '../errors.js';

/** How often the scheduler starts `printscan run`; `run` itself decides which phases are due. */
export interface Interval {
  minutes: number;
  /** as the user wrote it, for comments */
  text: string;
}

export const DEFAULT_EVERY = '15m';

/**
 * 5m, 15m, 1h…: minutes that divide an hour, or hours that divide a day, so that cron's
 * step syntax (which restarts every hour or day) and the timers agree on one even pace.
 */
export function parseEvery(text: string): Interval {
  const m = /^(\d{1,3})(m|h)$/.exec(text.trim());
  const value = m ? Number(m[1]) : NaN;
  const minutes = m?.[2] === 'h' ? value * 60 : value;
  const even = minutes >= 1 && (minutes < 60 ? 60 % minutes === 0 : minutes % 60 === 0 && 24 % (minutes / 60) === 0);
  if (!even) {
    throw new UsageError(`--every "${text}" is not a usable interval`, 'use minutes that divide an hour (5m, 10m, 15m, 30m) or hours that divide a day (1h, 2h, 6h, 24h)');
  }
  return { minutes, text: text.trim() };
}

/** The five schedule fields of a crontab line. */
export function cronSchedule(every: Interval): string {
  if (every.minutes < 60) return every.minutes === 1 ? '* * * * *' : `*/${every.minutes} * * * *`;
  const hours = every.minutes / 60;
  if (hours === 24) return '0 0 * * *';
  return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
}

/** An ISO 8601 duration, as Task Scheduler wants it. */
export function isoDuration(every: Interval): string {
  return every.minutes % 60 === 0 ? `PT${every.minutes / 60}H` : `PT${every.minutes}M`;
}

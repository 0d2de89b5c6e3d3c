import type { Ora } from 'ora';
import { stderrIsTTY, stderrStream } from './output.js';

export interface ProgressCounts {
  /** addresses sent their first probe */
  probed: number;
  /** addresses whose outcome is known */
  done: number;
  total: number;
  found: number;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  stop(): void;
}

const n = (x: number) => x.toLocaleString('en');

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One line that stays true through the sweep: addresses probed so far (not only those whose
 * silence has timed out), the rate they are probed at, and the time the rest will take at it.
 * Kept short enough for an 80-column terminal.
 */
export function progressText({ probed, done, total, found }: ProgressCounts, seconds: number): string {
  const head = `${n(probed)}/${n(total)} probed, ${n(found)} found`;
  if (probed < total) {
    const rate = seconds > 0 ? probed / seconds : 0;
    return rate > 0 ? `${head}, ${n(Math.round(rate))} addr/s, ~${duration((total - probed) / rate)} left` : head;
  }
  const waiting = total - done;
  return waiting > 0 ? `${head}, waiting on ${n(waiting)} ${waiting === 1 ? 'address' : 'addresses'}` : head;
}

/** A spinner on stderr, only for a person watching a terminal (ora is loaded only then); it starts at the first update. */
export async function startProgress(enabled: boolean): Promise<Progress> {
  if (!enabled || !stderrIsTTY()) return { update: () => undefined, stop: () => undefined };
  const started = performance.now();
  const { default: ora } = await import('ora');
  let spinner: Ora | undefined;
  return {
    update(counts) {
      spinner ??= ora({ stream: stderrStream(), text: 'starting' }).start();
      spinner.text = progressText(counts, (performance.now() - started) / 1000);
    },
    stop() {
      spinner?.stop();
    },
  };
}

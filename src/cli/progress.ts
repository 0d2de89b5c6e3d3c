import type { Ora } from 'ora';

export interface Progress {
  update(done: number, total: number, found: number): void;
  stop(): void;
}

/** A spinner on stderr, only for a person watching a terminal (ora is loaded only then). */
export async function startProgress(enabled: boolean): Promise<Progress> {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = performance.now();
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ stream: process.stderr, text: 'starting' }).start();
  return {
    update(done, total, found) {
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      spinner.text = `${done.toLocaleString('en')}/${total.toLocaleString('en')} addresses, ${found} found, ${rate.toLocaleString('en')} addr/s`;
    },
    stop() {
      spinner.stop();
    },
  };
}

import { writeFileSync } from 'node:fs';

/**
 * A test hook for the kill tests: with PRINTSCAN_TEST_PAUSE=`point@marker`, the process writes
 * its pid to the file `marker` when it reaches `point` and stops there until it is killed, so
 * a test can kill it exactly in a window that is otherwise a few microseconds wide.
 * Without that variable it does nothing.
 */
export async function pausePoint(point: string): Promise<void> {
  const wanted = process.env.PRINTSCAN_TEST_PAUSE;
  if (!wanted) return;
  const at = wanted.indexOf('@');
  if (at < 0 || wanted.slice(0, at) !== point) return;
  writeFileSync(wanted.slice(at + 1), String(process.pid));
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}

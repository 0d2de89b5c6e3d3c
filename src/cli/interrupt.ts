/** SIGINT and SIGTERM during a collect or a push: stop, keep what was made, exit soon. */
import type { Report } from '../report/types.js';
import { EXIT, exitWith, writeErr } from './output.js';

let controller: AbortController | undefined;
let received: NodeJS.Signals | undefined;

/** How long the process may linger after an interrupted command is done (sockets still waiting on devices). */
const LINGER_MS = 500;

/**
 * From the first call on, SIGINT and SIGTERM abort the returned signal instead of killing the
 * process, so the current report can be kept and spooled; a second signal exits at once (the
 * report is pending by then, or was never finished).
 */
export function interruption(): AbortSignal {
  if (!controller) {
    const own = new AbortController();
    controller = own;
    const onSignal = (name: NodeJS.Signals) => {
      if (own.signal.aborted) process.exit(1);
      received = name;
      own.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return controller.signal;
}

/**
 * After an interrupted command has kept its report: one line on stderr, exit code 1, and an
 * exit shortly after even if requests to slow devices are still outstanding.
 */
function endInterrupted(kept: string): void {
  if (!controller?.signal.aborted) return;
  writeErr(`printscan: interrupted by ${received ?? 'a signal'}: ${kept}\n`);
  exitWith(EXIT.problems);
  setTimeout(() => process.exit(), LINGER_MS).unref();
}

/** How an interrupted scan, collect or run ends: what it kept, then exit soon. */
export function endCollected(report: Report): void {
  const n = report.devices.length;
  endInterrupted(`what was collected is kept as report ${report.reportId} (${n} device${n === 1 ? '' : 's'}) for the next push`);
}

/** SIGINT and SIGTERM during a collect or a push: stop, keep what was made, exit soon. */

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

/** Yields `events` until `signal` aborts, then stops at once, without waiting for the next event. */
export async function* untilAborted<T>(events: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = events[Symbol.asyncIterator]();
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  for (;;) {
    const next = await Promise.race([iterator.next(), aborted]);
    if (next === 'aborted') {
      // the producer ends at its next step; its sockets close with it or with the process
      void iterator.return?.(undefined).catch(() => undefined);
      return;
    }
    if (next.done) return;
    yield next.value;
  }
}

/**
 * After an interrupted command has kept its report: one line on stderr, exit code 1, and an
 * exit shortly after even if requests to slow devices are still outstanding.
 */
export function endInterrupted(kept: string): void {
  if (!controller?.signal.aborted) return;
  process.stderr.write(`printscan: interrupted by ${received ?? 'a signal'}: ${kept}\n`);
  process.exitCode = 1;
  setTimeout(() => process.exit(), LINGER_MS).unref();
}

/** Yields `events` until `signal` aborts, then stops at once, without waiting for the next event. */
export async function* untilAborted<T>(events: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  if (!signal) return yield* events;
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

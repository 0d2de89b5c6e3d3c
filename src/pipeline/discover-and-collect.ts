/** discover then collect in one pass: each imaging device is collected as soon as it is identified. */
import pLimit from 'p-limit';
import { discover, type DiscoverOptions } from '../discover/discover.js';
import { EventQueue } from '../event-queue.js';
import type { DiscoverEvent } from '../events.js';
import { UdpTransport } from '../snmp/transport.js';
import type { DiscoveredDevice } from '../identify/types.js';
import type { PreviousMeters } from '../collect/meter-warnings.js';
import { collectOne, COLLECT_CONCURRENCY, emitCollected, type CollectSettings } from '../collect/collect-fleet.js';
import type { CollectEvent, CollectSummary } from '../collect/types.js';

export type ScanEvent = DiscoverEvent | CollectEvent;

export type ScanOptions = DiscoverOptions &
  Pick<CollectSettings, 'explain' | 'resolve' | 'collectBudget'> & {
    /** the meters of a found device at its last collect (from the inventory) */
    previous?: (device: DiscoveredDevice) => PreviousMeters | undefined;
  };

export async function* scan(options: ScanOptions): AsyncGenerator<ScanEvent> {
  const started = performance.now();
  const transport = options.transport ?? new UdpTransport();
  const before = { ...transport.stats };
  const settings: CollectSettings = { profiles: options.profiles, timeoutMs: options.timeoutMs, retries: options.retries, explain: options.explain, resolve: options.resolve, collectBudget: options.collectBudget };
  const limit = pLimit(Math.max(1, Math.min(options.concurrency ?? COLLECT_CONCURRENCY, COLLECT_CONCURRENCY)));
  const queue = new EventQueue<ScanEvent>();
  const summary: CollectSummary = { devices: 0, collected: 0, failed: 0, requests: 0, bytesOut: 0, bytesIn: 0, elapsedMs: 0 };
  const pending = new Set<Promise<void>>();

  const run = async () => {
    for await (const event of discover({ ...options, transport })) {
      if (event.type !== 'device' || !event.device.imaging) {
        queue.push(event);
        continue;
      }
      summary.devices++;
      const target = { device: event.device, credentials: [event.credential], previous: options.previous?.(event.device) };
      const job = limit(async () => emitCollected(await collectOne(target, settings, transport), summary, (e) => queue.push(e)));
      pending.add(job);
      void job.finally(() => pending.delete(job));
    }
    while (pending.size > 0) await Promise.all([...pending]);
    summary.bytesOut = transport.stats.bytesOut - before.bytesOut;
    summary.bytesIn = transport.stats.bytesIn - before.bytesIn;
    summary.elapsedMs = Math.round(performance.now() - started);
    queue.push({ type: 'collectSummary', summary });
  };
  run().then(
    () => queue.close(),
    (err) => queue.close(err),
  );
  try {
    yield* queue;
  } finally {
    if (!options.transport) await transport.close();
  }
}

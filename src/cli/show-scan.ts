/** A scan shown to a person: `scan` and `demo` both run it. */
import { defaultStateDir } from '../inventory/state-dir.js';
import { runScan } from '../pipeline/scan.js';
import type { Collected } from '../pipeline/steps.js';
import { interruption } from './interrupt.js';
import { recordFormat, scanSettingsFrom, type RecordFlags } from './options/record.js';
import { pushSetupFrom } from './options/push.js';
import { eventOutput } from './pipeline-output.js';
import { startProgress } from './progress.js';
import { RecordOutput } from './record-output.js';

/** A scan (the demo's too): the flags become pipeline options, the events become output. */
export async function scanAndShow(targets: string[], flags: RecordFlags): Promise<Collected> {
  const settings = scanSettingsFrom(targets, flags);
  // --server alone fetches the server's configuration (ranges, profiles) and keeps the report pending
  const push = flags.push || flags.server !== undefined ? await pushSetupFrom(flags) : undefined;
  const records = new RecordOutput(recordFormat(flags), flags.explain === true);
  const progress = await startProgress(!flags.quiet);
  try {
    const emit = eventOutput({ records, progress, quiet: flags.quiet === true });
    return await runScan({ ...settings, stateDir: flags.state ?? defaultStateDir(), push, send: flags.push === true, emit, signal: interruption() });
  } finally {
    progress.stop();
  }
}

/** What scan, collect, push and run tell a person: each pipeline event as records on stdout or a line on stderr. */
import type { Emit, PipelineEvent } from '../events.js';
import { errorLine, problemLine, warn, writeErr } from './output.js';
import type { Progress } from './progress.js';
import { collectSummaryLine, type RecordOutput } from './record-output.js';
import { discoverSummaryLine, lossWarning } from './render.js';

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface EventOutput {
  /** where records go; absent for a push */
  records?: RecordOutput;
  progress?: Progress;
  /** no progress, summaries or what was sent: only warnings and problems */
  quiet: boolean;
}

/** Lines a person reads only when not quiet. */
function chatter(event: PipelineEvent): string | undefined {
  switch (event.type) {
    case 'sealed': {
      const level = event.privacy === 'full' ? '' : `, privacy ${event.privacy}`;
      return `sealed report ${event.reportId}: ${event.devices} devices${level}, ${kb(event.jsonBytes)} JSON → ${kb(event.sealedBytes)} sealed (gzip + age)`;
    }
    case 'sent':
      return `sent report ${event.reportId} (${kb(event.bytes)}): ${event.detail}`;
    case 'retrying':
      return `printscan: ${event.error}; trying again in ${(event.delayMs / 1000).toFixed(1)} s`;
    case 'pushed':
      return `push: ${event.summary.sent} sent (${kb(event.summary.bytesSent)}), ${event.summary.failed} failed, ${event.summary.waiting} waiting in the spool`;
    default:
      return undefined;
  }
}

/** Lines that are always said: something the user must act on. */
function trouble(event: PipelineEvent): void {
  if (event.type === 'warning') warn(event.message);
  else if (event.type === 'pushBusy') warn(`${event.message}; what waits is sealed and sent by the next push`);
  else if (event.type === 'dropped' && event.reason === 'spoolFull') {
    const { maxReports, maxBytes } = event.limits;
    warn(`spool full (${maxReports} reports / ${(maxBytes / 1024 / 1024).toFixed(0)} MB): dropped the oldest report ${event.reportId} of ${event.madeAt}, never delivered`);
  } else if (event.type === 'dropped') {
    warn(`too many reports wait to be sealed: let go the oldest, ${event.reportId} of ${event.madeAt}, never delivered (push more often)`);
  } else if (event.type === 'unsealed') {
    errorLine(`${event.reports === 1 ? '1 report' : `${event.reports} reports`} not sealed: ${event.cause}`, 'kept for the next push');
  } else if (event.type === 'failed') {
    // A report the server refuses for itself (400, 413, 415, 422) will be refused every time: say how to let it go.
    const hint = event.refusedForGood ? `; if the server refuses it on every push, remove it with: printscan push --drop ${event.reportId.slice(0, 8)}` : '';
    errorLine(`report ${event.reportId} not delivered: ${event.error}`, `kept in the spool for the next push${hint}`);
  }
}

/** The records, the summary lines after them, and every push line, as the events arrive. */
export function eventOutput(o: EventOutput): Emit {
  return (event) => {
    if (event.type === 'progress') o.progress?.update(event);
    else if (event.type === 'found') o.records?.other(event.device);
    else if (event.type === 'collected') o.records?.record(event.record);
    else if (event.type === 'problem') {
      o.records?.problem(event.problem);
      problemLine(event.problem);
    } else if (event.type === 'reported') {
      o.progress?.stop();
      o.records?.finish({ discover: event.discover, collect: event.collect });
      const loss = event.discover && lossWarning(event.discover);
      if (loss) warn(loss);
      if (!o.quiet && event.discover) writeErr(discoverSummaryLine(event.discover) + '\n');
      if (!o.quiet && event.collect) writeErr(collectSummaryLine(event.collect) + '\n');
    } else {
      const line = o.quiet ? undefined : chatter(event);
      if (line !== undefined) writeErr(line + '\n');
      trouble(event);
    }
  };
}

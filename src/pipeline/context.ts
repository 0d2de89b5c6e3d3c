/** What every pipeline step shares: where state lives, where events go, what stops it. */
import { join } from 'node:path';
import type { Emit } from '../events.js';
import { SERVER_PROFILES_DIR } from '../upload/config-client.js';
import type { PushPlan } from './push-plan.js';

export interface PipelineContext {
  stateDir: string;
  emit: Emit;
  /** aborted (SIGINT, SIGTERM in the CLI): the step keeps what it made and ends */
  signal?: AbortSignal;
}

/** The options every pipeline function takes besides its own. */
export interface PipelineOptions {
  /** where the inventory, reports and spool live */
  stateDir: string;
  /** receives every event; nothing is printed */
  emit?: Emit;
  signal?: AbortSignal;
}

export function contextOf(options: PipelineOptions): PipelineContext {
  return { stateDir: options.stateDir, emit: options.emit ?? (() => undefined), signal: options.signal };
}

/** Profiles the server sent come first, so the user's own `mibs` override them. */
export function profileDirs(stateDir: string, mibs: readonly string[] | undefined, plan: PushPlan | undefined): string[] {
  return [...(plan?.config ? [join(stateDir, SERVER_PROFILES_DIR)] : []), ...(mibs ?? [])];
}

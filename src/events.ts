import type { DiscoverSummary } from './discover/types.js';
import type { DiscoveredDevice, HostProblem } from './identify/types.js';
import type { Credential } from './targets/scan-range.js';

/** What a running discover reports; the CLI renders these, the API passes them on. */
export type DiscoverEvent =
  /** `probed`: addresses sent a first probe; `done`: addresses whose outcome (answer, silence, problem) is known */
  | { type: 'progress'; probed: number; done: number; total: number; found: number }
  | { type: 'device'; device: DiscoveredDevice; /** the credential it answered to (never printed) */ credential: Credential }
  | { type: 'problem'; problem: HostProblem }
  | { type: 'summary'; summary: DiscoverSummary };

/** The programmatic API: every function returns data and prints nothing. */
import { discover, type DiscoverOptions } from './discover/discover.js';
import type { DiscoverSummary } from './discover/types.js';
import type { DiscoveredDevice, HostProblem } from './identify/types.js';

export { discover, type DiscoverOptions } from './discover/discover.js';
export { SNMP_DEFAULTS as DISCOVER_DEFAULTS } from './snmp/defaults.js';
export type { DiscoverSummary } from './discover/types.js';
export type { DiscoveredDevice, HostProblem } from './identify/types.js';
export type { ScanRange } from './targets/scan-range.js';
export { scan, type ScanEvent, type ScanOptions } from './pipeline/discover-and-collect.js';
export type { DiscoverEvent, CollectEvent, PushEvent, SealEvent, PipelineEvent, PipelinePhase, ProgressEvent, Emit } from './events.js';
export { runScan, type ScanPipelineOptions, type ScanSettings, type SweepSettings } from './pipeline/scan.js';
export type { Collected } from './pipeline/steps.js';
export { runCollect, type CollectPipelineOptions, type CollectSettings as CollectPipelineSettings } from './pipeline/collect.js';
export { runDiscover, type DiscoverPipelineOptions, type Discovered } from './pipeline/discover.js';
export { runPush, type PushPipelineOptions } from './pipeline/push.js';
export { runDue, type RunPipelineOptions, type RunResult, type HeldRun } from './pipeline/run.js';
export { decide, scheduleOf, nextDue, EARLY_MS, type Decision, type Situation, type Every } from './pipeline/schedule.js';
export { preparePush, type PushPlan, type PushSetup } from './pipeline/push-plan.js';
export type { PushOutcome } from './pipeline/seal-send.js';
export type { Phase, ScheduleState } from './upload/schedule.js';
export { collect, type CollectTarget, type CollectSettings } from './collect/collect-fleet.js';
export { collectRecording } from './collect/from-recording.js';
export type { DeviceRecord, Supply, DeviceStatus, Alert, CollectSummary } from './collect/types.js';
export type { MeterWarning, PreviousMeters } from './collect/meter-warnings.js';
export { loadProfiles } from './profiles/load.js';
export { identify, matchProfile } from './profiles/fingerprint.js';
export { Inventory } from './inventory/store.js';
export { defaultStateDir } from './inventory/state-dir.js';
export { TargetSet } from './targets/target-set.js';
export { startFleet, type Fleet, type FleetOptions } from './sim/fleet.js';
export { DEMO_FLEET_FILES } from './sim/demo.js';
export { buildReport } from './report/build.js';
export { collectorInfo } from './report/collector.js';
export { sealReport, openReport, checkRecipient, sealedFileName } from './report/seal.js';
export { validateReport, validateSentReport } from './report/validate.js';
export type { Report, ReportSummary, CollectorInfo, SentReport, MinimalReport, MinimalDevice } from './report/types.js';
export { applyPrivacy, type Privacy } from './report/privacy.js';
export { privacyKey } from './report/privacy-key.js';
export { PRIVACY_LEVELS, stricterPrivacy, type PrivacyLevel } from './report/privacy-levels.js';
export { Spool, DEFAULT_SPOOL_LIMITS, type SpoolEntry, type SpoolLimits } from './upload/spool.js';
export { pushSpool, DEFAULT_RETRY, type PushSummary, type RetryPolicy } from './upload/push.js';
export { httpsUploader, serverDispatcher, type ServerConnection } from './upload/https-uploader.js';
export { fileUploader } from './upload/file-uploader.js';
export { UploadError, type Uploader, type SealedReport, type UploadContext } from './upload/uploader.js';
export { fetchServerConfig } from './upload/config-client.js';
export { parseServerConfig, type ServerConfig, type Schedule } from './upload/server-config.js';
export { startReceiver, type Receiver, type ReceiverOptions, type ReceiverEvent } from './receive/server.js';
export { PrintscanError, UsageError } from './errors.js';

export interface DiscoverResult {
  devices: DiscoveredDevice[];
  problems: HostProblem[];
  summary: DiscoverSummary;
}

/** Runs a whole discover and returns everything it found. */
export async function discoverAll(options: DiscoverOptions): Promise<DiscoverResult> {
  const result: DiscoverResult = { devices: [], problems: [], summary: undefined as unknown as DiscoverSummary };
  for await (const event of discover(options)) {
    if (event.type === 'device') result.devices.push(event.device);
    else if (event.type === 'problem') result.problems.push(event.problem);
    else if (event.type === 'summary') result.summary = event.summary;
  }
  return result;
}

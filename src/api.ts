/** The programmatic API: every function returns data and prints nothing. */
import { discover, type DiscoverOptions } from './discover/discover.js';
import type { DiscoveredDevice, DiscoverSummary, HostProblem } from './discover/types.js';

export { discover, DISCOVER_DEFAULTS, type DiscoverOptions } from './discover/discover.js';
export type { DiscoveredDevice, DiscoverSummary, HostProblem, ScanRange } from './discover/types.js';
export type { DiscoverEvent } from './events.js';
export { scan, type ScanEvent, type ScanOptions } from './collect/scan.js';
export { collect, type CollectTarget, type CollectSettings } from './collect/run.js';
export { collectRecording } from './collect/from-recording.js';
export type { DeviceRecord, Supply, DeviceStatus, Alert, CollectSummary, CollectEvent } from './collect/types.js';
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
export { pushSpool, DEFAULT_RETRY, type PushEvent, type PushSummary, type RetryPolicy } from './upload/push.js';
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

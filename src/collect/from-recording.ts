/** The same fingerprint and collect, run on a recording with no network at all (support cases). */
import { basename } from 'node:path';
import { discoveredDevice, identifyHost } from '../discover/identify-host.js';
import type { Profile } from '../profiles/types.js';
import { MibView } from '../sim/mib-view.js';
import { readRecording } from '../sim/recording.js';
import { RecordingReader } from '../sim/recording-reader.js';
import { collectDevice } from './collect-device.js';
import { profileFor } from './run.js';
import type { DeviceRecord } from './types.js';

export async function collectRecording(path: string, profiles: Profile[], explain = false): Promise<DeviceRecord> {
  const reader = new RecordingReader(new MibView(readRecording(path)));
  const id = await identifyHost(reader, profiles);
  const device = discoveredDevice(id, basename(path), 0, reader.version, 0);
  return (await collectDevice(reader, device, id.profile ?? profileFor(device, profiles), { explain })).record;
}

/** The same fingerprint and collect, run on a recording with no network at all (support cases). */
import { basename } from 'node:path';
import { discoveredDevice, identifyHost } from '../identify/identify-host.js';
import type { Profile } from '../profiles/types.js';
import { MibView } from '../snmp/mib-view.js';
import { readRecording, type BadLine } from '../snmp/recording.js';
import { RecordingReader } from '../snmp/recording-reader.js';
import { collectDevice } from './collect-device.js';
import { profileFor } from './collect-fleet.js';
import type { DeviceRecord } from './types.js';

/** `onBadLine`: where lines the recording cannot be read at go (the rest is used); without it they are errors. */
export async function collectRecording(path: string, profiles: Profile[], explain = false, onBadLine?: BadLine): Promise<DeviceRecord> {
  const reader = new RecordingReader(new MibView(readRecording(path, onBadLine)));
  const id = await identifyHost(reader, profiles);
  const device = discoveredDevice(id, basename(path), 0, reader.version, 0);
  return (await collectDevice(reader, device, id.profile ?? profileFor(device, profiles), { explain })).record;
}

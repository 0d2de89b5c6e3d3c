/** The same fingerprint and collect, run on a recording with no network at all (support cases). */
import { basename } from 'node:path';
import { identifyHost } from '../discover/identify-host.js';
import type { DiscoveredDevice } from '../discover/types.js';
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
  const device: DiscoveredDevice = {
    ip: basename(path),
    port: 0,
    kind: id.kind,
    imaging: id.imaging,
    vendor: id.vendor,
    brand: id.brand,
    model: id.model,
    family: id.profile?.family,
    sysName: id.sysName,
    sysDescr: id.sysDescr,
    sysObjectID: id.sysObjectID,
    snmpVersion: '2c',
    profile: id.profile?.id,
    serialNumber: id.serialNumber,
    deviceIdentifier: id.deviceIdentifier,
    responseMs: 0,
    discoveredAt: new Date().toISOString(),
  };
  return collectDevice(reader, device, id.profile ?? profileFor(device, profiles), { explain });
}

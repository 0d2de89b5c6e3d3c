/** Stage 2: a few reads that tell an imaging device from everything else, and which one it is. */
import type { SnmpReader } from '../snmp/reader.js';
import { Tag, valueToText, type Varbind } from '../snmp/types.js';
import { identify, matchProfile, modelOids, GENERIC_PROFILE_ID, HR_DEVICE_PRINTER, type Identification, type Probe } from '../profiles/fingerprint.js';
import type { Profile } from '../profiles/types.js';
import type { SnmpVersion } from '../targets/scan-range.js';
import { capDeviceStrings } from './device-strings.js';
import type { DiscoveredDevice } from './types.js';

export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
export const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
export const SYS_NAME = '1.3.6.1.2.1.1.5.0';
export const SYSTEM_OIDS = [SYS_DESCR, SYS_OBJECT_ID, SYS_NAME];

const PRINTER_MIB = '1.3.6.1.2.1.43';
const ENTERPRISES = '1.3.6.1.4.1';
const HR_DEVICE_TYPE = '1.3.6.1.2.1.25.3.2.1.2';
const HR_DEVICE_DESCR = '1.3.6.1.2.1.25.3.2.1.3';
const PRT_SERIAL = '1.3.6.1.2.1.43.5.1.1.17.1';

export interface SystemGroup {
  sysDescr?: string;
  sysObjectID?: string;
  sysName?: string;
  /** the first OID under enterprises, where sysObjectID is missing */
  enterpriseOid?: string;
}

export interface HostIdentity extends Identification, SystemGroup {
  serialNumber?: string;
  deviceIdentifier?: string;
}

export function systemGroup(varbinds: Iterable<Varbind>): SystemGroup {
  const out: SystemGroup = {};
  for (const vb of varbinds) {
    const text = valueToText(vb);
    if (text === undefined || text === '') continue;
    if (vb.oid === SYS_DESCR) out.sysDescr = text.trim();
    else if (vb.oid === SYS_OBJECT_ID && vb.tag === Tag.ObjectIdentifier) out.sysObjectID = text;
    else if (vb.oid === SYS_NAME) out.sysName = text.trim();
  }
  return out;
}

function under(vb: Varbind | undefined, column: string): Varbind | undefined {
  return vb && vb.oid.startsWith(column + '.') ? vb : undefined;
}

export async function identifyHost(client: SnmpReader, profiles: readonly Profile[], known?: SystemGroup): Promise<HostIdentity> {
  const sys = known ?? systemGroup((await client.get(SYSTEM_OIDS)).values());
  // An agent without sysObjectID still shows its maker: the first object under enterprises.
  if (!sys.sysObjectID) {
    const [first] = await client.getNext([ENTERPRISES]);
    if (first?.oid.startsWith(ENTERPRISES + '.')) sys.enterpriseOid = first.oid;
  }
  const candidate = matchProfile(profiles, sys.sysObjectID ?? sys.enterpriseOid, sys.sysDescr);
  const [printerMib, hrType, hrDescr] = await client.getNext([PRINTER_MIB, HR_DEVICE_TYPE, HR_DEVICE_DESCR]);
  const values = new Map<string, string>();
  const descrRow = under(hrDescr, HR_DEVICE_DESCR);
  if (descrRow) values.set(descrRow.oid, valueToText(descrRow) ?? '');
  const hasPrinterMib = under(printerMib, PRINTER_MIB) !== undefined;
  const hrDeviceType = under(hrType, HR_DEVICE_TYPE) ? valueToText(hrType!) : undefined;
  const maybeImaging = hasPrinterMib || hrDeviceType === HR_DEVICE_PRINTER || candidate?.imaging === true;
  let serialNumber: string | undefined;
  if (maybeImaging) {
    const generic = profiles.find((p) => p.id === GENERIC_PROFILE_ID);
    const wanted = [...new Set([...modelOids(candidate?.imaging ? candidate : generic), PRT_SERIAL])].filter((oid) => !values.has(oid));
    for (const [oid, vb] of await client.get(wanted)) {
      const text = valueToText(vb)?.trim();
      if (text) values.set(oid, text);
    }
    serialNumber = values.get(PRT_SERIAL);
  }
  const probe: Probe = {
    sysDescr: sys.sysDescr,
    sysObjectID: sys.sysObjectID ?? sys.enterpriseOid,
    hrDeviceType,
    hrDeviceDescr: descrRow ? values.get(descrRow.oid) : undefined,
    printerMib: hasPrinterMib,
    values,
  };
  return { ...sys, ...identify(profiles, probe), serialNumber, deviceIdentifier: probe.hrDeviceDescr?.trim() || undefined };
}

/** The discover record of an identified host. */
export function discoveredDevice(id: HostIdentity, ip: string, port: number, snmpVersion: SnmpVersion, responseMs: number): DiscoveredDevice {
  return capDeviceStrings<DiscoveredDevice>({
    ip,
    port,
    kind: id.kind,
    imaging: id.imaging,
    vendor: id.vendor,
    brand: id.brand,
    model: id.model,
    family: id.profile?.family,
    sysName: id.sysName,
    sysDescr: id.sysDescr,
    sysObjectID: id.sysObjectID,
    snmpVersion,
    profile: id.profile?.id,
    serialNumber: id.serialNumber,
    deviceIdentifier: id.deviceIdentifier,
    responseMs: Math.round(responseMs * 10) / 10,
    discoveredAt: new Date().toISOString(),
  });
}

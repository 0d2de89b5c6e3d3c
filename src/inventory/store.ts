import { join } from 'node:path';
import type { DiscoveredDevice } from '../identify/types.js';
import type { DeviceRecord, IdentityFields } from '../collect/types.js';
import type { PreviousMeters } from '../collect/meter-warnings.js';
import type { ReadHints } from '../collect/read-hints.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { lockState } from '../fs/state-lock.js';
import { readDevicesFile, type DevicesFile } from './devices-file.js';
import { scalarsFailed, tablesFailed } from '../record-fields.js';

export const INVENTORY_FILE = 'inventory.json';
const SCHEMA_VERSION = 1;

export interface InventoryDevice extends DiscoveredDevice {
  firstSeen: string;
  lastSeen: string;
  mac?: string;
  /** fields read once (model number, firmware, MAC…): collect does not ask for them again */
  identity?: IdentityFields;
  /** what the last collect learned: the next one asks only for what answered */
  hints?: ReadHints;
  lastCollected?: string;
  /** the meters of the last collect: the next one flags any that went down */
  meters?: Record<string, number>;
}

/** Identity that survives a change of IP: serial (per vendor) or MAC, where known. */
function stableKeys(d: Pick<InventoryDevice, 'serialNumber' | 'vendor' | 'mac'>): string[] {
  const keys: string[] = [];
  if (d.serialNumber) keys.push(`serial:${d.vendor ?? ''}:${d.serialNumber}`);
  if (d.mac) keys.push(`mac:${d.mac.toLowerCase()}`);
  return keys;
}

const DISCOVERED_KEYS = [
  'ip',
  'port',
  'kind',
  'imaging',
  'vendor',
  'brand',
  'model',
  'family',
  'sysName',
  'sysDescr',
  'sysObjectID',
  'snmpVersion',
  'profile',
  'serialNumber',
  'deviceIdentifier',
  'responseMs',
  'discoveredAt',
] as const satisfies readonly (keyof DiscoveredDevice)[];

/** A collected record also carries readings: the inventory keeps only what discover knows. */
/** The discover record alone, without what the inventory keeps beside it (first/last seen, identity). */
export function discoveredPart(device: DiscoveredDevice): DiscoveredDevice {
  const out: Record<string, unknown> = {};
  for (const key of DISCOVERED_KEYS) if (device[key] !== undefined) out[key] = device[key];
  return out as unknown as DiscoveredDevice;
}

export class Inventory {
  /** the changes made through this instance, replayed onto the file as it is at save time */
  private readonly changes: ((devices: InventoryDevice[]) => InventoryDevice[])[] = [];

  readonly path: string;

  private constructor(
    private readonly stateDir: string,
    private devices: InventoryDevice[],
  ) {
    this.path = join(stateDir, INVENTORY_FILE);
  }

  static async open(stateDir: string): Promise<Inventory> {
    return new Inventory(stateDir, await readDevices(join(stateDir, INVENTORY_FILE)));
  }

  list(): readonly InventoryDevice[] {
    return this.devices;
  }

  /**
   * Merges found devices: the same device is recognised by serial or MAC even on a new
   * address, else by address and port. Devices not seen this time are kept.
   */
  merge(found: readonly DiscoveredDevice[], seenAt = new Date().toISOString()): void {
    this.change((devices) => mergeFound(devices, found, seenAt));
  }

  /** The meters of this device's last collect: the same serial (per vendor) or MAC, else the same address and port. */
  previousMeters(device: Pick<InventoryDevice, 'ip' | 'port' | 'serialNumber' | 'vendor' | 'mac'>): PreviousMeters | undefined {
    const keys = stableKeys(device);
    const known = this.devices.find((d) => stableKeys(d).some((k) => keys.includes(k))) ?? this.devices.find((d) => d.ip === device.ip && d.port === device.port);
    return known?.meters ? { meters: known.meters, at: known.lastCollected } : undefined;
  }

  /** Keeps what a collect read once, and what it learned, so the next collect asks only for what changes. */
  recordCollected(records: readonly DeviceRecord[], onceFields: (record: DeviceRecord) => readonly string[], hints: ReadonlyMap<DeviceRecord, ReadHints> = new Map()): void {
    this.change((devices) => recordInto(devices, records, onceFields, hints));
  }

  /**
   * Writes the inventory as the file is now plus this instance's changes: another printscan
   * that saved meanwhile keeps what it wrote.
   */
  async save(): Promise<void> {
    const release = await lockState(this.stateDir, 'inventory', 'writing the inventory', SAVE_WAIT_MS);
    try {
      const current = await readDevices(this.path);
      this.devices = this.changes.reduce((devices, apply) => apply(devices), current);
      const data: DevicesFile<InventoryDevice> = { schemaVersion: SCHEMA_VERSION, devices: this.devices };
      await writeFileAtomic(this.path, JSON.stringify(data, null, 2) + '\n');
    } finally {
      await release();
    }
  }

  private change(apply: (devices: InventoryDevice[]) => InventoryDevice[]): void {
    this.changes.push(apply);
    this.devices = apply(this.devices);
  }
}

/** How long a save waits for another printscan to finish writing the same inventory. */
const SAVE_WAIT_MS = 30_000;

async function readDevices(path: string): Promise<InventoryDevice[]> {
  return readDevicesFile<InventoryDevice>(path, { what: 'the inventory', code: 'inventory', schemaVersion: SCHEMA_VERSION, startsOver: 'the next discover writes a new one' });
}

function mergeFound(start: InventoryDevice[], found: readonly DiscoveredDevice[], seenAt: string): InventoryDevice[] {
  let devices = [...start];
  for (const device of found) {
    const keys = stableKeys(device);
    let index = keys.length > 0 ? devices.findIndex((d) => stableKeys(d).some((k) => keys.includes(k))) : -1;
    if (index < 0) index = devices.findIndex((d) => d.ip === device.ip && d.port === device.port);
    const previous = index >= 0 ? devices[index] : undefined;
    const merged: InventoryDevice = { ...previous, ...discoveredPart(device), firstSeen: previous?.firstSeen ?? seenAt, lastSeen: seenAt };
    if (index >= 0) devices[index] = merged;
    else devices.push(merged);
    // A device that moved leaves its old address free: drop another entry still claiming it.
    devices = devices.filter((d) => d === merged || !(d.ip === merged.ip && d.port === merged.port));
  }
  return devices;
}

function recordInto(
  start: InventoryDevice[],
  records: readonly DeviceRecord[],
  onceFields: (record: DeviceRecord) => readonly string[],
  hints: ReadonlyMap<DeviceRecord, ReadHints>,
): InventoryDevice[] {
  const devices = start.map((d) => ({ ...d }));
  for (const record of records) {
    const device = devices.find((d) => d.ip === record.ip && d.port === record.port);
    if (!device || scalarsFailed(record)) continue;
    const learned = hints.get(record);
    if (learned && !tablesFailed(record)) device.hints = learned;
    const identity: Record<string, unknown> = {};
    for (const name of onceFields(record)) {
      const value = (record as unknown as Record<string, unknown>)[name];
      if (value !== undefined) identity[name] = value;
    }
    device.identity = identity as IdentityFields;
    if (record.mac) device.mac = record.mac;
    if (record.serialNumber) device.serialNumber = record.serialNumber;
    device.lastCollected = record.collectedAt;
    if (Object.keys(record.meters).length > 0) device.meters = { ...record.meters };
  }
  return devices;
}

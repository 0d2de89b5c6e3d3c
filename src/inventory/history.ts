import { join } from 'node:path';
import type { DeviceRecord, SupplyState } from '../collect/types.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { lockState } from '../fs/state-lock.js';
import { readDevicesFile, type DevicesFile } from './devices-file.js';
import { metersFailed } from '../record-fields.js';

export const HISTORY_FILE = 'history.json';
const SCHEMA_VERSION = 1;

/** Every read of the last DENSE_DAYS is kept (at most one an hour), then one a day up to KEEP_DAYS. */
export const DENSE_DAYS = 31;
export const KEEP_DAYS = 400;
const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface SupplyRead {
  /** stable within a device: type, colour and index */
  key: string;
  description?: string;
  type: string;
  color?: string;
  percent: number | null;
  state: SupplyState;
}

export interface HistoryRead {
  at: string;
  meters: Record<string, number>;
  supplies: SupplyRead[];
}

/** Who the device is, as of its latest read, and what was wrong with it then. */
export interface DeviceHistory {
  key: string;
  ip: string;
  vendor?: string;
  brand?: string;
  kind?: string;
  model?: string;
  serialNumber?: string;
  location?: string;
  hostname?: string;
  /** printer errors and alerts of the latest read, and fields that could not be read */
  trouble: string[];
  reads: HistoryRead[];
}

/** The same device across address changes: serial where known, else MAC, else address. */
export function historyKey(r: Pick<DeviceRecord, 'serialNumber' | 'vendor' | 'mac' | 'ip' | 'port'>): string {
  if (r.serialNumber) return `serial:${r.vendor ?? ''}:${r.serialNumber}`;
  if (r.mac) return `mac:${r.mac.toLowerCase()}`;
  return `address:${r.ip}:${r.port ?? 161}`;
}

function readOf(record: DeviceRecord): HistoryRead {
  return {
    at: record.collectedAt,
    meters: { ...record.meters },
    supplies: record.supplies.map((s) => ({
      key: `${s.type}:${s.color ?? ''}:${s.index}`,
      ...(s.description !== undefined && { description: s.description }),
      type: s.type,
      ...(s.color !== undefined && { color: s.color }),
      percent: s.percent,
      state: s.state,
    })),
  };
}

/** Low toner is the supplies' story, told by their levels: trouble is what stops or spoils printing. */
function troubleOf(record: DeviceRecord): string[] {
  const errors = record.status.errors.filter((e) => e !== 'lowToner');
  const critical = record.status.alerts.filter((a) => a.severity === 'critical').map((a) => a.code);
  return [...new Set([...errors, ...critical, ...record.errors.map((e) => `${e.field}: ${e.problem}`)])];
}

/**
 * Keeps a history bounded in size whatever the collect interval: within DENSE_DAYS of `now`
 * the latest read of each hour, before that the latest of each day, nothing past KEEP_DAYS.
 */
export function thinReads(reads: readonly HistoryRead[], now: Date): HistoryRead[] {
  const kept = new Map<string, HistoryRead>();
  for (const read of [...reads].sort((a, b) => a.at.localeCompare(b.at))) {
    const at = Date.parse(read.at);
    const elapsedMs = now.getTime() - at;
    if (Number.isNaN(at) || elapsedMs > KEEP_DAYS * DAY_MS) continue;
    const bucket = elapsedMs <= DENSE_DAYS * DAY_MS ? `h${Math.floor(at / HOUR_MS)}` : `d${Math.floor(at / DAY_MS)}`;
    kept.set(bucket, read);
  }
  return [...kept.values()];
}

/** Adds one read per collected device; devices whose reads have all expired are dropped. */
export function appendReads(devices: readonly DeviceHistory[], records: readonly DeviceRecord[], now: Date): DeviceHistory[] {
  const byKey = new Map(devices.map((d) => [d.key, { ...d }]));
  for (const record of records) {
    // meters that could not be read are not a read of zero
    if (metersFailed(record)) continue;
    const key = historyKey(record);
    const previous = byKey.get(key);
    byKey.set(key, {
      key,
      ip: record.ip,
      ...pick(record, ['vendor', 'brand', 'kind', 'model', 'serialNumber', 'location', 'hostname']),
      trouble: troubleOf(record),
      reads: [...(previous?.reads ?? []), readOf(record)],
    });
  }
  return [...byKey.values()].map((d) => ({ ...d, reads: thinReads(d.reads, now) })).filter((d) => d.reads.length > 0);
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
}

export async function readHistory(stateDir: string): Promise<DeviceHistory[]> {
  const path = join(stateDir, HISTORY_FILE);
  // A state directory from before the history began simply has none yet: an empty list.
  return readDevicesFile<DeviceHistory>(path, { what: 'the meter history', code: 'history', schemaVersion: SCHEMA_VERSION, startsOver: 'the next collect starts a new one' });
}

/** Appends this collect's reads under the state directory's short write lock, atomically. */
export async function recordHistory(stateDir: string, records: readonly DeviceRecord[], now: Date): Promise<void> {
  if (records.length === 0) return;
  const release = await lockState(stateDir, 'inventory', 'writing the meter history', 30_000);
  try {
    const devices = appendReads(await readHistory(stateDir), records, now);
    const data: DevicesFile<DeviceHistory> = { schemaVersion: SCHEMA_VERSION, devices };
    await writeFileAtomic(join(stateDir, HISTORY_FILE), JSON.stringify(data) + '\n');
  } finally {
    await release();
  }
}

import { basename } from 'node:path';
import { bindResponder, type BoundResponder } from '../snmp/server.js';
import { formatIPv4 } from '../targets/target-set.js';
import { parseIPv4 } from '../targets/parse.js';
import { IPV6_LOOPBACK, parsePlacement, type Placement } from './placement.js';
import { UsageError } from '../errors.js';
import { SimAgent, type AgentFaults } from './agent.js';
import type { UsmUser } from './usm.js';
import { simEngineId } from './v3-agent.js';
import { MibView } from '../snmp/mib-view.js';
import { readRecording, type BadLine } from '../snmp/recording.js';
import { loadProfiles } from '../profiles/load.js';
import { PrintingDevice, type PrintingPlan } from './printing.js';

export interface FleetDevice {
  file: string;
  host: string;
  port: number;
  agent: SimAgent;
}

export interface Fleet {
  devices: FleetDevice[];
  /** `address`: one loopback address per device; `port`: all on one address, one port each */
  layout: 'address' | 'port';
  /** with `printing`: every device's meters and supplies as they stand after `day` days */
  setDay(day: number): void;
  close(): Promise<void>;
}

export interface FleetOptions extends AgentFaults {
  files: string[];
  /** first address; device i answers on base + i (layout `address`); `::1`: all on ::1, one port each */
  base?: string;
  /** port of every device (layout `address`) or of the first one (layout `port`); 0 = any free port */
  port?: number;
  /** explicit placement: IP, IP:port, ::1 or [::1]:port per file, overrides base */
  addresses?: string[];
  community?: string;
  /** every device also answers SNMPv3 for this user */
  v3User?: UsmUser;
  layout?: 'address' | 'port' | 'auto';
  seed?: number;
  /** where recording lines that cannot be read go (the rest is served); without it they are errors */
  onBadLine?: BadLine;
  /** each device prints over simulated days (see Fleet.setDay): one plan for all, or one per device */
  printing?: PrintingPlan | ((index: number) => PrintingPlan);
}

/** macOS has only 127.0.0.1 unless aliases are added: then devices share it, one port each. */
async function addressLayoutWorks(): Promise<boolean> {
  try {
    const probe = await bindResponder('127.0.0.2', 0, () => undefined);
    await probe.close();
    return true;
  } catch {
    return false;
  }
}

/** `port` where every device must share one address: ::1, or a machine with 127.0.0.1 alone. */
async function chooseLayout(options: FleetOptions, base: string): Promise<'address' | 'port'> {
  if (base === IPV6_LOOPBACK) {
    if (options.layout === 'address') throw new UsageError('::1 is a single address: the address layout needs 127.0.0.0/8', 'use --layout port (or auto) with ::1');
    return 'port';
  }
  if (options.layout === 'port') return 'port';
  return options.layout !== 'address' && !options.addresses && !(await addressLayoutWorks()) ? 'port' : 'address';
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const base = parsePlacement(options.base ?? '127.77.0.1').host;
  const layout = await chooseLayout(options, base);
  const placements: Placement[] | undefined = options.addresses?.map(parsePlacement);
  const bound: BoundResponder[] = [];
  const devices: FleetDevice[] = [];
  const printers: PrintingDevice[] = [];
  const profiles = options.printing ? loadProfiles() : [];
  // Port 0 in the address layout: the first device picks a free port, the others share it.
  let sharedPort = options.port ?? 161;
  try {
    for (const [i, file] of options.files.entries()) {
      const view = new MibView(readRecording(file, options.onBadLine));
      const plan = typeof options.printing === 'function' ? options.printing(i) : options.printing;
      if (plan) printers.push(new PrintingDevice(view, profiles, plan));
      const agent = new SimAgent(view, { ...options, community: options.community ?? 'public', seed: (options.seed ?? 1) + i, engineId: simEngineId(i) });
      let host: string;
      let port: number;
      if (placements) {
        host = placements[i].host;
        port = placements[i].port ?? options.port ?? 161;
      } else if (layout === 'address') {
        host = formatIPv4(parseIPv4(base, base) + i);
        port = sharedPort;
      } else {
        host = base === IPV6_LOOPBACK ? base : '127.0.0.1';
        port = options.port ? options.port + i : 0;
      }
      const responder = await bindResponder(host, port, (packet) => agent.handle(packet));
      bound.push(responder);
      if (layout === 'address' && sharedPort === 0) sharedPort = responder.port;
      devices.push({ file: basename(file), host: responder.host, port: responder.port, agent });
    }
  } catch (e) {
    await Promise.all(bound.map((b) => b.close()));
    throw e;
  }
  return {
    devices,
    layout,
    setDay: (day) => printers.forEach((p) => p.setDay(day)),
    close: async () => void (await Promise.all(bound.map((b) => b.close()))),
  };
}

import { basename } from 'node:path';
import { bindResponder, type BoundResponder } from '../snmp/server.js';
import { formatIPv4 } from '../targets/target-set.js';
import { parseIPv4 } from '../targets/parse.js';
import { UsageError } from '../errors.js';
import { SimAgent, type AgentFaults } from './agent.js';
import type { UsmUser } from './usm.js';
import { simEngineId } from './v3-agent.js';
import { MibView } from './mib-view.js';
import { readRecording, type BadLine } from './recording.js';

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
  close(): Promise<void>;
}

export interface FleetOptions extends AgentFaults {
  files: string[];
  /** first address; device i answers on base + i (layout `address`) */
  base?: string;
  /** port of every device (layout `address`) or of the first one (layout `port`); 0 = any free port */
  port?: number;
  /** explicit placement: IP (or IP:port) per file, overrides base */
  addresses?: string[];
  community?: string;
  /** every device also answers SNMPv3 for this user */
  v3User?: UsmUser;
  layout?: 'address' | 'port' | 'auto';
  seed?: number;
  /** where recording lines that cannot be read go (the rest is served); without it they are errors */
  onBadLine?: BadLine;
}

function assertLoopback(host: string): void {
  if (!(host.startsWith('127.') || host === '::1')) {
    throw new UsageError(`the simulator binds loopback only, not "${host}"`, 'use an address in 127.0.0.0/8 or ::1');
  }
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

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const base = options.base ?? '127.77.0.1';
  assertLoopback(base);
  const layout = options.layout === 'port' || (options.layout !== 'address' && !options.addresses && !(await addressLayoutWorks()))
    ? 'port'
    : 'address';
  const bound: BoundResponder[] = [];
  const devices: FleetDevice[] = [];
  // Port 0 in the address layout: the first device picks a free port, the others share it.
  let sharedPort = options.port ?? 161;
  try {
    for (const [i, file] of options.files.entries()) {
      const view = new MibView(readRecording(file, options.onBadLine));
      const agent = new SimAgent(view, { ...options, community: options.community ?? 'public', seed: (options.seed ?? 1) + i, engineId: simEngineId(i) });
      let host: string;
      let port: number;
      if (options.addresses) {
        const [h, p] = options.addresses[i].split(':');
        host = h;
        port = p ? Number(p) : (options.port ?? 161);
      } else if (layout === 'address') {
        host = formatIPv4(parseIPv4(base, base) + i);
        port = sharedPort;
      } else {
        host = '127.0.0.1';
        port = options.port ? options.port + i : 0;
      }
      assertLoopback(host);
      const responder = await bindResponder(host, port, (packet) => agent.handle(packet));
      bound.push(responder);
      if (layout === 'address' && sharedPort === 0) sharedPort = responder.port;
      devices.push({ file: basename(file), host: responder.host, port: responder.port, agent });
    }
  } catch (e) {
    await Promise.all(bound.map((b) => b.close()));
    throw e;
  }
  return { devices, layout, close: async () => void (await Promise.all(bound.map((b) => b.close()))) };
}

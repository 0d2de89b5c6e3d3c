import { createSocket, type Socket } from 'node:dgram';
import { decodeMessage, type Message } from '../../src/snmp/ber.js';
import type { Varbind } from '../../src/snmp/types.js';
import { SimAgent } from '../../src/sim/agent.js';
import { MibView } from '../../src/snmp/mib-view.js';

/** One datagram the agent sends back: from its own socket, or from another port of the same address. */
export type Datagram = Buffer | { bytes: Buffer; fromOtherPort: true };

/**
 * What to send for one request, given the answer a well-behaved agent would give (undefined
 * when it would stay silent). Returning [] leaves the request unanswered.
 */
export type Script = (request: Message, reply: Buffer | undefined) => Datagram[];

export interface ScriptedAgent {
  host: string;
  port: number;
  /** every request that arrived, decoded */
  requests: Message[];
  close(): Promise<void>;
}

/**
 * A v1/v2c agent on loopback serving `varbinds` as the project simulator does, whose every
 * answer passes through `script` first: the hostile device a test needs, one reply at a time.
 */
export async function startScriptedAgent(host: string, varbinds: Varbind[], script: Script, port = 0, community = 'public'): Promise<ScriptedAgent> {
  const agent = new SimAgent(new MibView(varbinds), { community });
  const sockets = await Promise.all([bound(host, port), bound(host, 0)]);
  const [main, other] = sockets;
  const requests: Message[] = [];
  main.on('message', (packet, rinfo) => {
    let request: Message;
    try {
      request = decodeMessage(packet);
    } catch {
      return;
    }
    requests.push(request);
    for (const d of script(request, agent.handle(packet)?.reply)) {
      const [sock, bytes] = Buffer.isBuffer(d) ? [main, d] : [other, d.bytes];
      sock.send(bytes, rinfo.port, rinfo.address);
    }
  });
  return {
    host,
    port: main.address().port,
    requests,
    close: () => Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => undefined),
  };
}

function bound(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    s.once('error', reject);
    s.bind(port, host, () => resolve(s));
  });
}

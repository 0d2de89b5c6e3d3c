import { createSocket } from 'node:dgram';

export interface PtrServer {
  /** `127.0.0.1:PORT`, for --dns-server */
  address: string;
  queries: string[];
  close(): Promise<void>;
}

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
}

/** The in-addr.arpa name of an IPv4 address: 192.0.2.7 → 7.2.0.192.in-addr.arpa */
const arpa = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

/**
 * A DNS server on loopback that answers PTR queries from a map (NXDOMAIN otherwise): enough
 * for reverse lookups to be tested against a real resolver without leaving the machine.
 */
export async function startPtrServer(names: Record<string, string>): Promise<PtrServer> {
  const byArpa = new Map(Object.entries(names).map(([ip, name]) => [arpa(ip), name]));
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (query[offset] !== 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]).toString());
      offset += query[offset] + 1;
    }
    const questionEnd = offset + 5;
    const asked = labels.join('.').toLowerCase();
    queries.push(asked);
    const name = byArpa.get(asked);
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(name ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(name ? 1 : 0, 6);
    const parts: Buffer[] = [header, query.subarray(12, questionEnd)];
    if (name) {
      const rdata = encodeName(name);
      const answer = Buffer.alloc(12);
      answer.writeUInt16BE(0xc00c, 0);
      answer.writeUInt16BE(12, 2);
      answer.writeUInt16BE(1, 4);
      answer.writeUInt32BE(60, 6);
      answer.writeUInt16BE(rdata.length, 10);
      parts.push(answer, rdata);
    }
    socket.send(Buffer.concat(parts), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${socket.address().port}`, queries, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

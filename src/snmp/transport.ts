import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { Screen } from './screen.js';

export type Family = 4 | 6;

/** A receiver the transport offers every datagram to first; true means it took it. */
export type Claimer = (msg: Buffer, rinfo: dgram.RemoteInfo) => boolean;

export interface TransportStats {
  sent: number;
  received: number;
  bytesOut: number;
  bytesIn: number;
  /** replies from a source nobody asked, or with a request id nobody sent */
  unexpected: number;
  /** replies from the address asked that could not be used (undecodable, wrong PDU, arcs past 32 bits…) */
  refused: number;
  sendErrors: number;
}

/** Large enough to hold a burst of replies to tens of thousands of probes; the kernel caps it at rmem_max. */
const RECV_BUFFER_BYTES = 32 * 1024 * 1024;

/**
 * One UDP socket per address family for a whole scan. The sweep claims its replies by
 * request id; net-snmp sessions get theirs routed by source address and port.
 */
export class UdpTransport {
  readonly stats: TransportStats = { sent: 0, received: 0, bytesOut: 0, bytesIn: 0, unexpected: 0, refused: 0, sendErrors: 0 };
  private readonly sockets = new Map<Family, Promise<dgram.Socket>>();
  private readonly sessions = new Map<string, SessionSocket>();
  private readonly claimers = new Set<Claimer>();
  private readonly onSendDone = (err: Error | null) => {
    if (err) this.stats.sendErrors++;
  };

  socket(family: Family): Promise<dgram.Socket> {
    let pending = this.sockets.get(family);
    if (!pending) {
      pending = new Promise((resolve, reject) => {
        const sock = dgram.createSocket({ type: family === 4 ? 'udp4' : 'udp6', recvBufferSize: RECV_BUFFER_BYTES });
        sock.on('message', (msg, rinfo) => this.dispatch(msg, rinfo));
        sock.on('error', () => this.stats.sendErrors++);
        sock.once('error', reject);
        sock.bind(0, () => {
          sock.off('error', reject);
          resolve(sock);
        });
      });
      this.sockets.set(family, pending);
    }
    return pending;
  }

  /** Sends on an already opened socket: the sweep's hot path, no promise per packet. */
  sendOn(sock: dgram.Socket, buf: Buffer, port: number, host: string): void {
    this.stats.sent++;
    this.stats.bytesOut += buf.length;
    sock.send(buf, port, host, this.onSendDone);
  }

  claim(claimer: Claimer): () => void {
    this.claimers.add(claimer);
    return () => this.claimers.delete(claimer);
  }

  /** A dgram-compatible module for net-snmp whose sockets all ride on the shared one. */
  dgramFor(host: string, port: number, family: Family): { createSocket: () => SessionSocket } {
    return { createSocket: () => new SessionSocket(this, host, port, family) };
  }

  register(key: string, s: SessionSocket): void {
    this.sessions.set(key, s);
  }

  unregister(key: string, s: SessionSocket): void {
    if (this.sessions.get(key) === s) this.sessions.delete(key);
  }

  async close(): Promise<void> {
    const socks = await Promise.allSettled([...this.sockets.values()]);
    this.sockets.clear();
    for (const s of socks) if (s.status === 'fulfilled') s.value.close();
  }

  private dispatch(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.stats.received++;
    this.stats.bytesIn += msg.length;
    for (const claimer of this.claimers) {
      try {
        if (claimer(msg, rinfo)) return;
      } catch {
        // A reply its claimer choked on is refused; it must not take the socket down.
        this.stats.refused++;
        return;
      }
    }
    const session = this.sessions.get(sourceKey(rinfo.address, rinfo.port));
    if (!session) this.stats.unexpected++;
    else if (!session.deliver(msg, rinfo)) this.stats.refused++;
  }
}

export function sourceKey(host: string, port: number): string {
  return `${host}|${port}`;
}

/** The socket a net-snmp session believes it owns. */
export class SessionSocket extends EventEmitter {
  private readonly key: string;
  /** checks each reply before net-snmp sees it; set by the client that owns the session */
  screen?: Screen;
  /** replies refused so far, and why the last one was */
  refused = 0;
  lastRefusal?: string;

  constructor(
    private readonly transport: UdpTransport,
    host: string,
    port: number,
    private readonly family: Family,
  ) {
    super();
    this.key = sourceKey(host, port);
    transport.register(this.key, this);
  }

  /**
   * Hands a reply to net-snmp if the screen passes it. Nothing net-snmp throws escapes: the
   * reply counts as refused and the request it answered ends by its own timeout.
   */
  deliver(msg: Buffer, rinfo: dgram.RemoteInfo): boolean {
    const refusal = this.screen?.(msg);
    if (refusal === undefined) {
      try {
        this.emit('message', msg, rinfo);
        return true;
      } catch {
        return this.refuse('a reply the SNMP library could not process');
      }
    }
    return this.refuse(refusal);
  }

  private refuse(why: string): false {
    this.refused++;
    this.lastRefusal = why;
    return false;
  }

  send(buf: Buffer, offset: number, length: number, port: number, host: string, cb?: (err: Error | null, bytes?: number) => void): void {
    if (isSetRequest(buf)) {
      cb?.(new Error('printscan is read-only: refusing to send an SNMP SET'));
      return;
    }
    this.transport.socket(this.family).then(
      (sock) => {
        this.transport.stats.sent++;
        this.transport.stats.bytesOut += length;
        sock.send(buf, offset, length, port, host, (err) => cb?.(err, length));
      },
      (err: Error) => cb?.(err),
    );
  }

  bind(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; port: number } {
    return { address: this.family === 4 ? '0.0.0.0' : '::', port: 0 };
  }
  close(): void {
    this.transport.unregister(this.key, this);
    this.emit('close');
  }
}

/**
 * Defence in depth for "read-only by construction": a community-based message whose PDU
 * is a SetRequest (tag 0xa3) never leaves. v3 PDUs are encrypted or wrapped and are
 * covered by the client exposing no set at all.
 */
function isSetRequest(buf: Buffer): boolean {
  if (buf[0] !== 0x30) return false;
  let pos = 1 + (buf[1] & 0x80 ? 1 + (buf[1] & 0x7f) : 1);
  if (buf[pos] !== 0x02) return false;
  const version = buf[pos + 2];
  pos += 2 + buf[pos + 1];
  if (version === 3 || buf[pos] !== 0x04) return false;
  const lenByte = buf[pos + 1];
  const lenBytes = lenByte & 0x80 ? lenByte & 0x7f : 0;
  let len = lenByte & 0x80 ? 0 : lenByte;
  for (let i = 0; i < lenBytes; i++) len = len * 256 + buf[pos + 2 + i];
  pos += 2 + lenBytes + len;
  return buf[pos] === 0xa3;
}

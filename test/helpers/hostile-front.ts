/**
 * A hostile SNMP agent for tests: a UDP proxy on loopback in front of a simulated device that
 * forwards each request and mutates the answer as a policy says, request by request. What a
 * device nobody controls may send: a Report PDU, a GETNEXT that does not advance, varbinds
 * nobody asked for, OIDs aliased past 2^32, truncated or random bytes, lengths past the end,
 * duplicates, an answer from another port.
 */
import dgram from 'node:dgram';
import { decodeMessage, encodeMessage, PduTag, tlv, type Message } from '../../src/snmp/ber.js';
import { seededRandom } from '../../src/sim/agent.js';
import { Tag } from '../../src/snmp/types.js';

export type Mutation =
  | 'forward'
  | 'drop'
  | 'report'
  | 'stuckNext'
  | 'otherCommunity'
  | 'extraVarbind'
  | 'aliasPast32'
  | 'hugeArc'
  | 'truncate'
  | 'randomBytes'
  | 'oversizedLength'
  | 'duplicate'
  | 'wrongSourcePort';

export interface FrontRequest {
  /** 1-based count of requests the front has seen: the sweep's probe is the first */
  n: number;
  /** the decoded request; undefined for what the front cannot decode (SNMPv3) */
  message?: Message;
}

export type Policy = (request: FrontRequest) => Mutation;

/** Every request after the first (the sweep's) gets `mutation`: the device answers discovery, then misbehaves. */
export const afterSweep = (mutation: Mutation): Policy => ({ n }) => (n === 1 ? 'forward' : mutation);

/** What a forged answer carries: a test asserts it never reaches any output. */
export const FORGED = 'FORGED-BY-HOSTILE-FRONT';
export const OTHER_COMMUNITY = 'hostile-other-community';

export interface HostileFront {
  host: string;
  port: number;
  /** requests seen and what was done to each answer */
  seen: { n: number; pduTag?: number; mutation: Mutation }[];
  close(): Promise<void>;
}

function bind(host: string, port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', reject);
    sock.bind(port, host, () => {
      sock.off('error', reject);
      sock.on('error', () => undefined);
      resolve(sock);
    });
  });
}

/** BER of an OID from arcs of any size (the project's encoder refuses what real agents may send). */
export function rawOid(arcs: readonly bigint[]): Buffer {
  const out: number[] = [];
  const push = (v: bigint) => {
    const bytes = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...bytes);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(Tag.ObjectIdentifier, Buffer.from(out));
}

const forgedVarbind = (arcs: readonly bigint[]) => tlv(0x30, Buffer.concat([rawOid(arcs), tlv(Tag.OctetString, Buffer.from(FORGED))]));
const arcsOf = (oid: string) => oid.split('.').map(BigInt);

/** The answer as the mutation makes it; several buffers for a duplicate. */
function mutate(mutation: Mutation, reply: Buffer, request: Message | undefined, random: () => number): Buffer[] {
  if (mutation === 'truncate') return [reply.subarray(0, reply.length >> 1)];
  if (mutation === 'randomBytes') return [Buffer.from(Array.from(reply, () => Math.floor(random() * 256)))];
  if (mutation === 'duplicate') return [reply, reply];
  if (mutation === 'oversizedLength') return [Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), reply.subarray(2)])];
  let m: Message;
  try {
    m = decodeMessage(reply);
  } catch {
    return [reply];
  }
  const asked = request?.varbinds.map((vb) => vb.oid) ?? [];
  switch (mutation) {
    case 'report':
      return [encodeMessage({ ...m, pduTag: PduTag.Report })];
    case 'otherCommunity':
      return [encodeMessage({ ...m, community: Buffer.from(OTHER_COMMUNITY) })];
    case 'extraVarbind':
      return [encodeMessage({ ...m, varbinds: [...m.varbinds, forgedVarbind(arcsOf('1.3.6.1.2.1.1.1.0'))] })];
    case 'stuckNext':
      // GETNEXT/GETBULK answered with the OIDs asked: a walk that never moves.
      if (request?.pduTag === PduTag.GetRequest) return [reply];
      return [encodeMessage({ ...m, errorStatus: 0, errorIndex: 0, varbinds: asked.map((oid) => forgedVarbind(arcsOf(oid))) })];
    case 'aliasPast32':
    case 'hugeArc': {
      // The OID asked, or answered, with its last arc moved past 2^32 (read as the same OID when arcs wrap).
      const shift = mutation === 'aliasPast32' ? 1n << 32n : 1n << 70n;
      const base = request?.pduTag === PduTag.GetRequest ? asked : m.varbinds.map((vb) => vb.oid);
      return [encodeMessage({ ...m, errorStatus: 0, errorIndex: 0, varbinds: base.map((oid) => {
        const arcs = arcsOf(oid);
        arcs[arcs.length - 1] += shift;
        return forgedVarbind(arcs);
      }) })];
    }
    default:
      return [reply];
  }
}

/**
 * Listens on `host:port` (0: any free port) and forwards to `upstream`. Replies go back to the
 * asker by request id; one upstream socket serves every asker.
 */
export async function startHostileFront(upstream: { host: string; port: number }, host: string, port: number, policy: Policy, seed = 1): Promise<HostileFront> {
  const front = await bind(host, port);
  const up = await bind('127.0.0.1', 0);
  const stray = await bind(host, 0);
  const random = seededRandom(seed);
  const seen: HostileFront['seen'] = [];
  type Asked = { rinfo: dgram.RemoteInfo; request?: Message; mutation: Mutation };
  const pending = new Map<number, Asked>();
  // What the front cannot decode (SNMPv3) is matched to the last such request: one asker at a time.
  let lastUndecoded: Asked | undefined;
  front.on('message', (msg, rinfo) => {
    let request: Message | undefined;
    try {
      request = decodeMessage(msg);
    } catch {
      request = undefined;
    }
    const mutation = policy({ n: seen.length + 1, message: request });
    seen.push({ n: seen.length + 1, pduTag: request?.pduTag, mutation });
    if (mutation === 'drop') return;
    if (request) pending.set(request.requestId, { rinfo, request, mutation });
    else lastUndecoded = { rinfo, mutation };
    up.send(msg, upstream.port, upstream.host);
  });
  up.on('message', (reply) => {
    let requestId: number | undefined;
    try {
      requestId = decodeMessage(reply).requestId;
    } catch {
      requestId = undefined;
    }
    const entry = requestId === undefined ? lastUndecoded : pending.get(requestId);
    if (!entry) return;
    const from = entry.mutation === 'wrongSourcePort' ? stray : front;
    for (const out of mutate(entry.mutation, reply, entry.request, random)) from.send(out, entry.rinfo.port, entry.rinfo.address);
  });
  const close = (s: dgram.Socket) => new Promise<void>((resolve) => s.close(() => resolve()));
  return {
    host,
    port: front.address().port,
    seen,
    close: async () => void (await Promise.all([front, up, stray].map(close))),
  };
}

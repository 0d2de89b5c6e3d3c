/**
 * Answers SNMP requests from a recording, with the version's own error semantics: v1 fails
 * a whole GET with noSuchName when one OID is missing; v2c and v3 answer each varbind with
 * noSuchObject / noSuchInstance / endOfMibView. v3 speaks USM for one user.
 */
import { decodeMessage, encodeMessage, encodePdu, encodeVarbind, PduTag, type Message, type Pdu } from '../snmp/ber.js';
import { Tag, type Varbind } from '../snmp/types.js';
import type { MibView } from '../snmp/mib-view.js';
import type { UsmUser } from './usm.js';
import { isV3 } from './v3-message.js';
import { simEngineId, V3Agent } from './v3-agent.js';

const NO_SUCH_NAME = 2;
const TOO_BIG = 1;
/** Replies stay within one unfragmented loopback datagram. */
const MAX_REPLY_BYTES = 65_000;
const MAX_BULK_VARBINDS = 1000;

export interface AgentFaults {
  /** share of requests (0..1) left unanswered */
  dropRate?: number;
  /** milliseconds before each answer */
  delayMs?: number;
  /** share of answers (0..1) replaced by bytes that are not valid BER */
  malformedRate?: number;
  /** after answering its first request, leave this many unanswered: a device busy right after a sweep found it */
  busyAfterFirst?: number;
}

export interface AgentOptions extends AgentFaults {
  community: string;
  /** answers SNMPv3 for this user (noAuthNoPriv, authNoPriv or authPriv with AES-128) */
  v3User?: UsmUser;
  /** this agent's SNMPv3 engine id */
  engineId?: Buffer;
  /** seeds the fault decisions, so a test's drops are the same on every run */
  seed?: number;
}

/** Mulberry32: a tiny deterministic PRNG for fault injection. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type AgentAnswer = { reply: Buffer; delayMs: number } | undefined;

export class SimAgent {
  private readonly random: () => number;
  private readonly community: Buffer;
  private readonly v3?: V3Agent;
  requests = 0;

  constructor(
    private readonly view: MibView,
    private readonly options: AgentOptions,
  ) {
    this.random = seededRandom(options.seed ?? 1);
    this.community = Buffer.from(options.community, 'utf8');
    if (options.v3User) this.v3 = new V3Agent(options.v3User, options.engineId ?? simEngineId(0));
  }

  handle(packet: Buffer): AgentAnswer {
    const reply = isV3(packet) ? this.answerV3(packet) : this.answerCommunity(packet);
    if (!reply) return undefined;
    const delayMs = this.options.delayMs ?? 0;
    if (this.options.malformedRate && this.random() < this.options.malformedRate) {
      return { reply: reply.subarray(0, Math.max(3, reply.length >> 1)), delayMs };
    }
    return { reply, delayMs };
  }

  private answerCommunity(packet: Buffer): Buffer | undefined {
    let request: Message;
    try {
      request = decodeMessage(packet);
    } catch {
      return undefined;
    }
    this.requests++;
    // A wrong community gets silence, as on real agents.
    if (!request.community.equals(this.community)) return undefined;
    if (this.dropped()) return undefined;
    const response = this.respond(request, request.version === 0);
    return response && encodeMessage({ version: request.version, community: request.community, ...response });
  }

  private answerV3(packet: Buffer): Buffer | undefined {
    if (!this.v3) return undefined;
    this.requests++;
    if (this.dropped()) return undefined;
    return this.v3.handle(packet, (request) => this.respond(request, false));
  }

  private answered = 0;
  private ignored = 0;

  private dropped(): boolean {
    if (this.answered >= 1 && this.ignored < (this.options.busyAfterFirst ?? 0)) {
      this.ignored++;
      return true;
    }
    if (this.options.dropRate !== undefined && this.options.dropRate > 0 && this.random() < this.options.dropRate) return true;
    this.answered++;
    return false;
  }

  private respond(req: Pdu, v1: boolean): Pdu | undefined {
    // v1 cannot carry Counter64: such objects do not exist for a v1 manager.
    const visible = (vb: Varbind) => !(v1 && vb.tag === Tag.Counter64);
    const reply = (varbinds: Varbind[], errorStatus = 0, errorIndex = 0): Pdu => ({ pduTag: PduTag.GetResponse, requestId: req.requestId, errorStatus, errorIndex, varbinds });
    switch (req.pduTag) {
      case PduTag.GetRequest: {
        const out: Varbind[] = [];
        for (let i = 0; i < req.varbinds.length; i++) {
          const { oid } = req.varbinds[i];
          const found = this.view.get(oid);
          if (found && visible(found)) out.push(found);
          else if (v1) return reply(req.varbinds, NO_SUCH_NAME, i + 1);
          else out.push({ oid, tag: this.view.hasObject(oid) ? Tag.NoSuchInstance : Tag.NoSuchObject, value: null });
        }
        return this.fit(req, out, reply);
      }
      case PduTag.GetNextRequest: {
        const out: Varbind[] = [];
        for (let i = 0; i < req.varbinds.length; i++) {
          const { oid } = req.varbinds[i];
          const next = this.view.next(oid, visible);
          if (next) out.push(next);
          else if (v1) return reply(req.varbinds, NO_SUCH_NAME, i + 1);
          else out.push({ oid, tag: Tag.EndOfMibView, value: null });
        }
        return this.fit(req, out, reply);
      }
      case PduTag.GetBulkRequest: {
        if (v1) return undefined;
        return reply(this.bulk(req));
      }
      default:
        return undefined;
    }
  }

  private fit(req: Pdu, varbinds: Varbind[], reply: (vbs: Varbind[], s?: number, i?: number) => Pdu): Pdu {
    const out = reply(varbinds);
    return encodePdu(out).length <= MAX_REPLY_BYTES ? out : reply(req.varbinds, TOO_BIG, 0);
  }

  /** GETBULK: non-repeaters once, then up to max-repetitions rows, cut to fit one datagram. */
  private bulk(req: Pdu): Varbind[] {
    const nonRepeaters = Math.max(0, Math.min(req.errorStatus, req.varbinds.length));
    const maxRepetitions = Math.max(0, req.errorIndex);
    const out: Varbind[] = [];
    let bytes = 100;
    const add = (vb: Varbind): boolean => {
      bytes += encodeVarbind(vb).length;
      if (bytes > MAX_REPLY_BYTES || out.length >= MAX_BULK_VARBINDS) return false;
      out.push(vb);
      return true;
    };
    const stepFrom = (oid: string): Varbind => this.view.next(oid) ?? { oid, tag: Tag.EndOfMibView, value: null };
    for (let i = 0; i < nonRepeaters; i++) if (!add(stepFrom(req.varbinds[i].oid))) return out;
    let cursors = req.varbinds.slice(nonRepeaters).map((vb) => vb.oid);
    for (let r = 0; r < maxRepetitions && cursors.length > 0; r++) {
      const row = cursors.map(stepFrom);
      for (const vb of row) if (!add(vb)) return out;
      if (row.every((vb) => vb.tag === Tag.EndOfMibView)) break;
      cursors = row.map((vb) => vb.oid);
    }
    return out;
  }
}

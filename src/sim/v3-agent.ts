/**
 * The simulator's SNMPv3 side for one agent and one user: engine discovery, the USM checks
 * (unknown engine or user, security level, digest) answered with RFC 3414 reports, AES-128
 * privacy, and the PDU itself handed to the same code that answers v2c.
 */
import { timingSafeEqual } from 'node:crypto';
import { decodePdu, encodePdu, PduTag, readHeader, tlv, type Cursor, type Pdu } from '../snmp/ber.js';
import { Tag } from '../snmp/types.js';
import { decrypt, digest, encrypt, localizedKey, macLength, type UsmUser } from './usm.js';
import { decodeV3, encodeV3, FLAG_AUTH, FLAG_PRIV, FLAG_REPORTABLE, type V3Message } from './v3-message.js';

const USM_STATS = '1.3.6.1.6.3.15.1.1';
const UNSUPPORTED_SEC_LEVELS = `${USM_STATS}.1.0`;
const UNKNOWN_USER_NAMES = `${USM_STATS}.3.0`;
const UNKNOWN_ENGINE_IDS = `${USM_STATS}.4.0`;
const WRONG_DIGESTS = `${USM_STATS}.5.0`;
const DECRYPTION_ERRORS = `${USM_STATS}.6.0`;

interface ScopedPdu {
  contextName: Buffer;
  pdu: Pdu;
}

function decodeScoped(buf: Buffer): ScopedPdu {
  const c: Cursor = { buf, pos: 0 };
  readHeader(c, 0x30);
  const engine = readHeader(c, Tag.OctetString);
  c.pos += engine.len;
  const name = readHeader(c, Tag.OctetString);
  const contextName = buf.subarray(c.pos, c.pos + name.len);
  c.pos += name.len;
  return { contextName, pdu: decodePdu(c) };
}

/** A text engine id (RFC 3411 format 4) under the net-snmp enterprise number, one per device. */
export function simEngineId(index: number): Buffer {
  return Buffer.concat([Buffer.from('80001f8804', 'hex'), Buffer.from(`printscan-sim-${index}`)]);
}

export class V3Agent {
  private readonly started = Date.now();
  private readonly counters = new Map<string, number>();
  private keys?: { auth?: Buffer; priv?: Buffer };

  constructor(
    private readonly user: UsmUser,
    readonly engineId: Buffer,
  ) {}

  /** The reply to one v3 packet, or undefined when it deserves silence. */
  handle(packet: Buffer, respond: (request: Pdu) => Pdu | undefined): Buffer | undefined {
    let msg: V3Message;
    try {
      msg = decodeV3(packet);
    } catch {
      return undefined;
    }
    const level = msg.flags & (FLAG_AUTH | FLAG_PRIV);
    const plainRequestId = () => (msg.flags & FLAG_PRIV ? 0 : this.tryRequestId(msg.data));
    if (!msg.security.engineId.equals(this.engineId)) return this.report(msg, UNKNOWN_ENGINE_IDS, plainRequestId());
    if (msg.security.userName !== this.user.name) return this.report(msg, UNKNOWN_USER_NAMES, plainRequestId());
    const userLevel = (this.user.authKey ? FLAG_AUTH : 0) | (this.user.privKey ? FLAG_PRIV : 0);
    if (level !== userLevel) return this.report(msg, UNSUPPORTED_SEC_LEVELS, plainRequestId());
    const keys = this.localizedKeys();
    if (level & FLAG_AUTH) {
      const zeroed = Buffer.from(packet);
      zeroed.fill(0, msg.authParamsOffset, msg.authParamsOffset + msg.security.authParams.length);
      const expected = digest(this.user.authProtocol ?? 'sha', keys.auth!, zeroed);
      if (msg.security.authParams.length !== expected.length || !timingSafeEqual(msg.security.authParams, expected)) {
        return this.report(msg, WRONG_DIGESTS, 0);
      }
    }
    let scoped: ScopedPdu;
    try {
      const plain = level & FLAG_PRIV ? decrypt(keys.priv!, msg.security.boots, msg.security.time, msg.security.privParams, msg.data) : msg.data;
      scoped = decodeScoped(plain);
    } catch {
      return this.report(msg, DECRYPTION_ERRORS, 0);
    }
    const response = respond(scoped.pdu);
    if (!response) return undefined;
    return this.encode(msg.msgId, level, this.user.name, scoped.contextName, response);
  }

  private tryRequestId(data: Buffer): number {
    try {
      return decodeScoped(data).pdu.requestId;
    } catch {
      return 0;
    }
  }

  private localizedKeys(): { auth?: Buffer; priv?: Buffer } {
    if (!this.keys) {
      const protocol = this.user.authProtocol ?? 'sha';
      this.keys = {
        auth: this.user.authKey ? localizedKey(protocol, this.user.authKey, this.engineId) : undefined,
        // RFC 3826: the privacy key is localized with the authentication protocol's hash
        priv: this.user.privKey ? localizedKey(protocol, this.user.privKey, this.engineId) : undefined,
      };
    }
    return this.keys;
  }

  private get engineTime(): number {
    return Math.floor((Date.now() - this.started) / 1000);
  }

  /** RFC 3414 §3.2: a report names the counter of what went wrong, sent without authentication. */
  private report(msg: V3Message, counter: string, requestId: number): Buffer | undefined {
    if (!(msg.flags & FLAG_REPORTABLE)) return undefined;
    const count = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, count);
    const pdu: Pdu = { pduTag: PduTag.Report, requestId, errorStatus: 0, errorIndex: 0, varbinds: [{ oid: counter, tag: Tag.Counter32, value: count }] };
    return this.encode(msg.msgId, 0, msg.security.userName, Buffer.alloc(0), pdu);
  }

  private encode(msgId: number, level: number, userName: string, contextName: Buffer, pdu: Pdu): Buffer {
    const scoped = tlv(0x30, Buffer.concat([tlv(Tag.OctetString, this.engineId), tlv(Tag.OctetString, contextName), encodePdu(pdu)]));
    const boots = 1;
    const time = this.engineTime;
    const keys = level ? this.localizedKeys() : {};
    const sealed = level & FLAG_PRIV ? encrypt(keys.priv!, boots, time, scoped) : { salt: Buffer.alloc(0), data: scoped };
    const protocol = this.user.authProtocol ?? 'sha';
    const { bytes, authParamsOffset } = encodeV3({
      msgId,
      maxSize: 65507,
      flags: level,
      security: {
        engineId: this.engineId,
        boots,
        time,
        userName,
        authParams: level & FLAG_AUTH ? Buffer.alloc(macLength(protocol)) : Buffer.alloc(0),
        privParams: sealed.salt,
      },
      data: sealed.data,
    });
    if (level & FLAG_AUTH) digest(protocol, keys.auth!, bytes).copy(bytes, authParamsOffset);
    return bytes;
  }
}

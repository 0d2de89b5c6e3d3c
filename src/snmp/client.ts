/**
 * Request/response SNMP over net-snmp sessions riding on the shared socket: stage 2 of
 * discover, collect, and all of v3. Exposes reads only; there is no set.
 */
import snmp, { type NsError, type NsSession, type NsVarbind } from 'net-snmp';
import { PrintscanError } from '../errors.js';
import { compareOids } from './oid.js';
import { DEFAULT_MAX_ROWS, walkColumnsWith, type SnmpReader } from './reader.js';
import type { UdpTransport, Family } from './transport.js';
import { Tag, type Credential, type SnmpVersion, type Varbind } from './types.js';
import { createV3Session, v3Diagnosis } from './v3-session.js';
import { rememberCredentials } from '../secrets.js';

export type HostFailure = 'timeout' | 'authFailed' | 'malformedReply' | 'error';

export class SnmpRequestError extends PrintscanError {
  constructor(
    readonly failure: HostFailure,
    message: string,
  ) {
    super(failure, message);
  }
}

export interface ClientOptions {
  host: string;
  port: number;
  family: Family;
  credential: Credential;
  timeoutMs: number;
  retries: number;
}

const NO_SUCH_NAME = 2;
const TOO_BIG = 1;
const MAX_OIDS_PER_GET = 48;
/**
 * Varbinds asked of one GETBULK across all its columns (a few KB of answer). Agents choke
 * beyond this: snmpsim spins forever on a 72-varbind GETBULK, small printers run out of buffer.
 */
const BULK_VARBINDS = 64;
const MAX_REPETITIONS = 24;

function toVarbind(vb: NsVarbind): Varbind {
  if (vb.type === Tag.Counter64 && Buffer.isBuffer(vb.value)) {
    let v = 0n;
    for (const b of vb.value) v = (v << 8n) | BigInt(b);
    return { oid: vb.oid, tag: vb.type, value: v };
  }
  return { oid: vb.oid, tag: vb.type, value: (vb.value ?? null) as Varbind['value'] };
}

function classify(err: NsError): SnmpRequestError {
  const name = err.name ?? '';
  const v3 = v3Diagnosis(err);
  if (v3) return new SnmpRequestError('authFailed', v3);
  if (name === 'RequestTimedOutError') return new SnmpRequestError('timeout', 'no answer before the timeout');
  if (name === 'ResponseInvalidError') return new SnmpRequestError('malformedReply', err.message);
  return new SnmpRequestError('error', err.message);
}

function createSession(transport: UdpTransport, o: ClientOptions): NsSession {
  const common = {
    port: o.port,
    retries: o.retries,
    timeout: o.timeoutMs,
    backoff: 1,
    transport: o.family === 4 ? 'udp4' : 'udp6',
    dgramModule: transport.dgramFor(o.host, o.port, o.family),
    idBitsSize: 32,
  };
  const c = o.credential;
  rememberCredentials([c]);
  if (c.version === '3') return createV3Session(o.host, c, common);
  return snmp.createSession(o.host, c.community, { ...common, version: c.version === '1' ? snmp.Version1 : snmp.Version2c });
}

export class SnmpClient implements SnmpReader {
  readonly version: SnmpVersion;
  requests = 0;
  private readonly session: NsSession;

  constructor(transport: UdpTransport, options: ClientOptions) {
    this.version = options.credential.version;
    this.session = createSession(transport, options);
    this.session.on('error', () => undefined);
  }

  /** GET; absent OIDs are left out of the map. Splits on v1 noSuchName and on tooBig. */
  async get(oids: readonly string[]): Promise<Map<string, Varbind>> {
    const chunks: string[][] = [];
    for (let i = 0; i < oids.length; i += MAX_OIDS_PER_GET) chunks.push(oids.slice(i, i + MAX_OIDS_PER_GET));
    const out = new Map<string, Varbind>();
    for (const answers of await Promise.all(chunks.map((chunk) => this.request('get', chunk)))) {
      for (const vb of answers) if (vb && !isException(vb)) out.set(vb.oid, vb);
    }
    return out;
  }

  /** GETNEXT per OID; undefined where the MIB ends. */
  async getNext(oids: readonly string[]): Promise<(Varbind | undefined)[]> {
    const res = await this.request('getNext', [...oids]);
    return res.map((vb) => (vb && vb.tag !== Tag.EndOfMibView ? vb : undefined));
  }

  /** Table columns side by side: one GETBULK carries every column on v2c/v3, one GETNEXT per row on v1. */
  walkColumns(columns: readonly string[], maxRows = DEFAULT_MAX_ROWS, after?: ReadonlyMap<string, string>): Promise<Map<string, Varbind[]>> {
    return walkColumnsWith(columns, maxRows, async (cursors) => {
      if (this.version === '1') return (await this.getNext(cursors)).map((vb) => [vb]);
      const repetitions = Math.max(1, Math.min(MAX_REPETITIONS, maxRows, Math.floor(BULK_VARBINDS / cursors.length)));
      return this.bulk(cursors, repetitions);
    }, after);
  }

  close(): void {
    this.session.close();
  }

  private bulk(oids: string[], maxRepetitions: number): Promise<(Varbind | undefined)[][]> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.session.getBulk(oids, 0, maxRepetitions, (err, columns) => {
        if (err) return reject(classify(err));
        resolve(
          (columns as NsVarbind[][]).map((rows) =>
            rows.map((raw) => {
              const vb = toVarbind(raw);
              return isException(vb) ? undefined : vb;
            }),
          ),
        );
      });
    });
  }

  /**
   * A v1 GET that failed for a missing OID, asked again as one GETNEXT of each OID's
   * predecessor: an OID that exists comes back as itself, one that does not as something after
   * it. Instead of one more request per missing OID, one request in all; an answer that lands
   * before the OID (an unusual index) proves nothing, and that OID is asked by GET.
   */
  private async getByNext(oids: string[]): Promise<(Varbind | undefined)[]> {
    const next = await this.request('getNext', oids.map(predecessor));
    const unsure = oids.filter((oid, i) => next[i] !== undefined && next[i]!.oid !== oid && compareOids(next[i]!.oid, oid) < 0);
    const again = unsure.length > 0 ? await this.request('get', unsure) : [];
    return oids.map((oid, i) => {
      const vb = next[i];
      if (vb && vb.oid === oid) return vb;
      const asked = unsure.indexOf(oid);
      return asked >= 0 ? again[asked] : undefined;
    });
  }

  private async request(kind: 'get' | 'getNext', oids: string[]): Promise<(Varbind | undefined)[]> {
    if (oids.length === 0) return [];
    this.requests++;
    try {
      return await new Promise<(Varbind | undefined)[]>((resolve, reject) => {
        this.session[kind](oids, (err, vbs) => (err ? reject(err) : resolve(vbs!.map(toVarbind))));
      });
    } catch (e) {
      const err = e as NsError;
      if (err.name !== 'RequestFailedError') throw classify(err);
      if (err.status !== NO_SUCH_NAME && err.status !== TOO_BIG) return oids.map(() => undefined);
      if (oids.length === 1) return [undefined];
      if (kind === 'get' && err.status === NO_SUCH_NAME && this.version === '1') return this.getByNext(oids);
      // v1 fails the whole PDU for one missing OID: drop that one and ask again.
      const failing = err.status === NO_SUCH_NAME ? oids.findIndex((oid) => err.message.endsWith(`: ${oid}`)) : -1;
      if (kind === 'getNext' && failing >= 0) {
        // The MIB ends after this OID, so it ends after every later one too: all of them at once.
        const ended = oids[failing];
        const live = oids.filter((oid) => compareOids(oid, ended) < 0);
        const answers = live.length > 0 ? await this.request(kind, live) : [];
        return oids.map((oid) => (compareOids(oid, ended) < 0 ? answers[live.indexOf(oid)] : undefined));
      }
      if (failing >= 0) {
        const rest = await this.request(kind, oids.filter((_, i) => i !== failing));
        rest.splice(failing, 0, undefined);
        return rest;
      }
      const half = oids.length >> 1;
      return [...(await this.request(kind, oids.slice(0, half))), ...(await this.request(kind, oids.slice(half)))];
    }
  }
}

/** The OID just before `oid` (its parent when it ends in .0): GETNEXT of it answers `oid` when `oid` exists. */
function predecessor(oid: string): string {
  const cut = oid.lastIndexOf('.');
  const last = Number(oid.slice(cut + 1));
  return last === 0 ? oid.slice(0, cut) : `${oid.slice(0, cut)}.${last - 1}`;
}

function isException(vb: Varbind): boolean {
  return vb.tag === Tag.NoSuchObject || vb.tag === Tag.NoSuchInstance || vb.tag === Tag.EndOfMibView;
}

/**
 * Request/response SNMP over net-snmp sessions riding on the shared socket: stage 2 of
 * discover, collect, and all of v3. Exposes reads only; there is no set.
 */
import snmp, { type NsError, type NsSession, type NsVarbind } from 'net-snmp';
import { PrintscanError } from '../errors.js';
import { wrongBulk, wrongGet, wrongNext } from './answers.js';
import type { Budget } from './budget.js';
import { compareOids } from './oid.js';
import { DEFAULT_MAX_ROWS, walkColumnsWith, type SnmpReader } from './reader.js';
import { screenFor } from './screen.js';
import type { UdpTransport, Family, SessionSocket } from './transport.js';
import { Tag, type Varbind } from './types.js';
import { type Credential, type SnmpVersion } from '../targets/scan-range.js';
import { createV3Session, SilentAfterDiscoveryError, v3Diagnosis } from './v3-session.js';
import { rememberCredentials } from '../secrets.js';

export type HostFailure = 'timeout' | 'authFailed' | 'malformedReply' | 'budgetExceeded' | 'error';

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
  /** what this device may cost; unlimited without */
  budget?: Budget;
}

const NO_SUCH_NAME = 2;
const TOO_BIG = 1;
const AUTHORIZATION_ERROR = 16;
const MAX_OIDS_PER_GET = 48;
/**
 * Varbinds asked of one GETBULK across all its columns (a few KB of answer). Agents choke
 * beyond this: snmpsim spins forever on a 72-varbind GETBULK, small printers run out of buffer.
 */
const BULK_VARBINDS = 64;
const MAX_REPETITIONS = 24;
/**
 * A request net-snmp never settles (a reply it choked on) ends anyway, one timeout and a second
 * after net-snmp's own timeouts would have: late enough that a loaded event loop never cuts a
 * request net-snmp is still waiting for.
 */
const SETTLE_SLACK_MS = 1000;
/** SNMPv3 may take three exchanges for one request: engine discovery, the request, a resend after a time sync. */
const V3_EXCHANGES = 3;

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
  private readonly socket: SessionSocket;
  private readonly budget?: Budget;
  private readonly settleMs: number;

  constructor(transport: UdpTransport, options: ClientOptions) {
    this.version = options.credential.version;
    this.budget = options.budget;
    this.session = createSession(transport, options);
    this.session.on('error', () => undefined);
    this.socket = this.session.dgram as SessionSocket;
    this.socket.screen = screenFor(options.credential);
    this.settleMs = options.timeoutMs * ((options.retries + 1) * (this.version === '3' ? V3_EXCHANGES : 1) + 1) + SETTLE_SLACK_MS;
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

  /** GETNEXT per OID; undefined where the MIB ends. An answer that does not follow its OID is malformedReply. */
  async getNext(oids: readonly string[]): Promise<(Varbind | undefined)[]> {
    const res = await this.request('getNext', [...oids]);
    const wrong = wrongNext(oids, res);
    if (wrong) throw new SnmpRequestError('malformedReply', wrong);
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

  private async bulk(oids: string[], maxRepetitions: number): Promise<(Varbind | undefined)[][]> {
    let columns: Varbind[][];
    try {
      columns = (await this.send<NsVarbind[][]>((done) => this.session.getBulk(oids, 0, maxRepetitions, done))).map((rows) => rows.map(toVarbind));
    } catch (e) {
      throw e instanceof SnmpRequestError ? e : classify(e as NsError);
    }
    const wrong = wrongBulk(oids, maxRepetitions, columns);
    if (wrong) throw new SnmpRequestError('malformedReply', wrong);
    return columns.map((rows) => rows.map((vb) => (isException(vb) ? undefined : vb)));
  }

  /**
   * One request through net-snmp, charged to the budget. It settles even when net-snmp never
   * calls back, and a silence after replies that had to be refused is malformedReply, not timeout.
   */
  private send<T>(issue: (done: (err: NsError | null, value?: T) => void) => void): Promise<T> {
    const spent = this.budget?.charge();
    if (spent) return Promise.reject(new SnmpRequestError('budgetExceeded', spent));
    this.requests++;
    const refusedBefore = this.socket.refused;
    return new Promise<T>((resolve, reject) => {
      const fail = (err: NsError) => {
        // A v3 silence after discovery is still a silence: if refused replies filled it, they are the story.
        const silence = err.name === 'RequestTimedOutError' || err instanceof SilentAfterDiscoveryError;
        if (!silence || this.socket.refused === refusedBefore) return reject(err);
        reject(new SnmpRequestError('malformedReply', `answered only with replies that could not be used: ${this.socket.lastRefusal}`));
      };
      const watchdog = setTimeout(() => fail(Object.assign(new Error('Request timed out'), { name: 'RequestTimedOutError' })), this.settleMs);
      issue((err, value) => {
        clearTimeout(watchdog);
        if (err) fail(err);
        else resolve(value as T);
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
    const before = oids.map(predecessor);
    const next = await this.request('getNext', before, false);
    // An answer that does not advance past the predecessor ends that OID: it is not asked again.
    const landed = (i: number) => next[i] !== undefined && compareOids(next[i]!.oid, before[i]) > 0;
    const unsure = oids.filter((oid, i) => landed(i) && compareOids(next[i]!.oid, oid) < 0);
    // The GET asked again never falls back to GETNEXT: the two cannot call each other for ever.
    const again = unsure.length > 0 ? await this.request('get', unsure, false) : [];
    return oids.map((oid, i) => {
      const vb = next[i];
      if (vb && vb.oid === oid) return vb;
      const asked = unsure.indexOf(oid);
      return asked >= 0 ? again[asked] : undefined;
    });
  }

  /**
   * GET or GETNEXT of `oids`, split and asked again on noSuchName and tooBig. Every retry asks
   * for fewer OIDs than the request before it, and the v1 GETNEXT fallback (`byNext`) is taken
   * at most once per call tree, so a device cannot make it recurse.
   */
  private async request(kind: 'get' | 'getNext', oids: string[], byNext = true): Promise<(Varbind | undefined)[]> {
    if (oids.length === 0) return [];
    try {
      const answers = (await this.send<NsVarbind[]>((done) => this.session[kind](oids, done))).map(toVarbind);
      const wrong = kind === 'get' ? wrongGet(oids, answers) : undefined;
      if (wrong) throw new SnmpRequestError('malformedReply', wrong);
      return answers;
    } catch (e) {
      if (e instanceof SnmpRequestError) throw e;
      const err = e as NsError;
      if (err.name !== 'RequestFailedError') throw classify(err);
      // The whole request was refused by the agent's access control: no OID is "absent", the device is closed to us.
      if (err.status === AUTHORIZATION_ERROR) {
        throw new SnmpRequestError('authFailed', 'the device refused the request (authorizationError): this community or user has no read access at this security level');
      }
      if (err.status !== NO_SUCH_NAME && err.status !== TOO_BIG) return oids.map(() => undefined);
      if (oids.length === 1) return [undefined];
      if (kind === 'get' && err.status === NO_SUCH_NAME && this.version === '1' && byNext) return this.getByNext(oids);
      // v1 fails the whole PDU for one missing OID: drop that one and ask again.
      const failing = err.status === NO_SUCH_NAME ? oids.findIndex((oid) => err.message.endsWith(`: ${oid}`)) : -1;
      if (kind === 'getNext' && failing >= 0) {
        // The MIB ends after this OID, so it ends after every later one too: all of them at once.
        const ended = oids[failing];
        const live = oids.filter((oid) => compareOids(oid, ended) < 0);
        const answers = live.length > 0 ? await this.request(kind, live, byNext) : [];
        return oids.map((oid) => (compareOids(oid, ended) < 0 ? answers[live.indexOf(oid)] : undefined));
      }
      if (failing >= 0) {
        const rest = await this.request(kind, oids.filter((_, i) => i !== failing), byNext);
        rest.splice(failing, 0, undefined);
        return rest;
      }
      const half = oids.length >> 1;
      return [...(await this.request(kind, oids.slice(0, half), byNext)), ...(await this.request(kind, oids.slice(half), byNext))];
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

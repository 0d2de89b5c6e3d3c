/**
 * Whether a sweep reply that came from the probed address with a live request id can be
 * used. Nothing in it is trusted: it must decode, answer our probe in kind, and carry
 * exactly the OIDs asked, in order (an extra or duplicated varbind could forge a value).
 */
import { decodeMessage, PduTag, type Message } from './ber.js';

/** What a host that answered only with unusable replies is told it did; the index is stored per slot. */
export const UNUSABLE_REPLIES = [
  'answered with bytes that are not a valid SNMP message',
  'answered with a message that is not a response to the probe (another version, community or PDU type)',
  'answered with variables other than the ones asked (extra, missing, repeated or out of order)',
] as const;

export type Unusable = 0 | 1 | 2;

export interface ProbeShape {
  version: 0 | 1;
  community: Buffer;
  oids: readonly string[];
}

/** The decoded reply, or the index of the reason it cannot be used. */
export function checkReply(bytes: Buffer, probe: ProbeShape): Message | Unusable {
  let message: Message;
  try {
    message = decodeMessage(bytes);
  } catch {
    // The decoder throws only BerError (fuzzed); a reply handler must not throw whatever happens.
    return 0;
  }
  if (message.pduTag !== PduTag.GetResponse || message.version !== probe.version || !message.community.equals(probe.community)) return 1;
  // An error response may echo the request or, for tooBig, carry no varbinds at all.
  const echoes = message.varbinds.length === probe.oids.length && message.varbinds.every((vb, i) => vb.oid === probe.oids[i]);
  if (!echoes && !(message.errorStatus !== 0 && message.varbinds.length === 0)) return 2;
  return message;
}

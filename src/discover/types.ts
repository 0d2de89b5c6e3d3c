export interface DiscoverSummary {
  addresses: number;
  responded: number;
  devices: number;
  nonImaging: number;
  problems: number;
  probesSent: number;
  /** replies dropped because their source or request id matched nothing we sent */
  unexpectedReplies: number;
  /** replies from the address asked that could not be used (undecodable, wrong PDU or community, OID arcs past 32 bits) */
  refusedReplies: number;
  elapsedMs: number;
}

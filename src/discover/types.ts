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
  /** what the sweep learned of the path's loss: a person is told when devices may be missing */
  loss: PathLoss;
}

export interface PathLoss {
  /** the path dropped packets: sentinels went unanswered, or hosts answered only a later pass */
  seen: boolean;
  /** second probes sent to hosts that had answered, and those never answered */
  sentinels: number;
  sentinelsLost: number;
  /** hosts that answered a retransmission or a later pass, not their first probe */
  answeredLate: number;
  /** the estimated share of probes lost (0 when no loss was evident) */
  estimate: number;
}

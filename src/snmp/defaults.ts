/** How SNMP requests are paced and retried when the user sets nothing: shared by discover, collect and the CLI's flag defaults. */
export const SNMP_DEFAULTS = {
  port: 161,
  timeoutMs: 1000,
  retries: 1,
  // Probes in flight at once: each silent address holds one for the whole timeout, so at the
  // fastest pace (120,000/s, 1 s) this must be above 120,000 or the slots, not the pace, set the speed.
  concurrency: 262_144,
  rate: 80_000,
} as const;

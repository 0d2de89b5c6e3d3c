/** How SNMP requests are paced and retried when the user sets nothing: shared by discover, collect and the CLI's flag defaults. */
export const SNMP_DEFAULTS = {
  port: 161,
  timeoutMs: 1000,
  retries: 1,
  concurrency: 65_536,
  rate: 80_000,
} as const;

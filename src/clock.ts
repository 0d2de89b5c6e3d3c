/**
 * The time a run believes it is. PRINTSCAN_NOW (an ISO date) replays or demonstrates history:
 * the simulator "prints" over simulated days, and each collect is stamped with the day it stands
 * for. Unset, it is the machine's clock.
 */
export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.PRINTSCAN_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const at = new Date(fixed);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}

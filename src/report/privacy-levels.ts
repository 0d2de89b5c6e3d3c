import { UsageError } from '../errors.js';

/** From the most sent to the least: the order `stricterPrivacy` goes by. */
export const PRIVACY_LEVELS = ['full', 'masked', 'minimal'] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

export function isPrivacyLevel(text: unknown): text is PrivacyLevel {
  return (PRIVACY_LEVELS as readonly unknown[]).includes(text);
}

export function parsePrivacyLevel(text: string, where = '--privacy'): PrivacyLevel {
  if (!isPrivacyLevel(text)) throw new UsageError(`${where} "${text}" must be full, masked or minimal`);
  return text;
}

/** The site's choice and the server's: whichever sends less, so a server can tighten but never loosen. */
export function stricterPrivacy(...levels: (PrivacyLevel | undefined)[]): PrivacyLevel {
  return PRIVACY_LEVELS[Math.max(0, ...levels.map((l) => (l === undefined ? 0 : PRIVACY_LEVELS.indexOf(l))))];
}

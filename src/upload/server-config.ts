import type { ValidateFunction } from 'ajv';
import { firstSchemaError, jsonSchemaValidator } from '../json-schema.js';
import { PrintscanError } from '../errors.js';
import type { ScanRange } from '../targets/scan-range.js';
import { parseProfile } from '../profiles/load.js';
import type { ProfileSource } from '../profiles/types.js';
import { PRIVACY_LEVELS, type PrivacyLevel } from '../report/privacy-levels.js';
import { checkRecipient } from '../report/seal.js';
import { parseRanges } from '../targets/ranges-file.js';

/** Minutes between runs of each phase when a scheduler follows the server's advice. */
export interface Schedule {
  discoverMinutes: number;
  collectMinutes: number;
  pushMinutes: number;
}

export const DEFAULT_SCHEDULE: Schedule = { discoverMinutes: 1440, collectMinutes: 180, pushMinutes: 180 };

/** What `GET /v1/config` answers: a whole site configured centrally. */
export interface ServerConfig {
  ranges: ScanRange[];
  profiles: ProfileSource[];
  recipient?: string;
  schedule: Schedule;
  /** what the site's reports may hold at most; the stricter of this and the collector's --privacy applies */
  privacy?: PrivacyLevel;
  /** the document as the server sent it, kept for the cache */
  raw: unknown;
}

const minutes = { type: 'integer', minimum: 1, maximum: 525_600 } as const;

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ranges: { type: 'array' },
    profiles: { type: 'array', items: { type: 'object' } },
    recipient: { type: 'string' },
    privacy: { enum: PRIVACY_LEVELS },
    schedule: {
      type: 'object',
      additionalProperties: false,
      properties: { discoverMinutes: minutes, collectMinutes: minutes, pushMinutes: minutes },
    },
  },
} as const;

let validateConfig: ValidateFunction | undefined;

/** Validates a server's configuration exactly as strictly as local files; `source` names it in errors. */
export function parseServerConfig(data: unknown, source: string): ServerConfig {
  validateConfig ??= jsonSchemaValidator({ allErrors: false }).compile(CONFIG_SCHEMA);
  if (!validateConfig(data)) {
    throw new PrintscanError('badConfig', `${source}: ${firstSchemaError(validateConfig)}`);
  }
  const doc = data as { ranges?: unknown[]; profiles?: object[]; recipient?: string; schedule?: Partial<Schedule>; privacy?: PrivacyLevel };
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      // Only the parsers' own refusals become badConfig: anything else is a bug to see, not to hide.
      if (!(e instanceof PrintscanError)) throw e;
      throw new PrintscanError('badConfig', e.message);
    }
  };
  return {
    ranges: doc.ranges && doc.ranges.length > 0 ? wrap(() => parseRanges(doc.ranges, `${source} /ranges`)) : [],
    profiles: (doc.profiles ?? []).map((p, i) => wrap(() => parseProfile(JSON.stringify(p), `${source} /profiles/${i}`))),
    recipient: doc.recipient === undefined ? undefined : wrap(() => checkRecipient(doc.recipient!, `${source} /recipient`)),
    schedule: { ...DEFAULT_SCHEDULE, ...doc.schedule },
    privacy: doc.privacy,
    raw: data,
  };
}

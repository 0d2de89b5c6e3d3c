import { createHash } from 'node:crypto';
import type { Profile } from '../profiles/types.js';
import type { TableRows } from './table-reads.js';

/**
 * What a collect learned about a device's answers, kept in the inventory so the next collect
 * asks only for what answered: the rows of its tables and, per field, which source answered.
 * A discover sweep (scan) reads everything again and relearns them.
 */
export interface ReadHints {
  /** the profile the hints were learned with: another profile means other sources, so they are ignored */
  profile: string;
  /** a digest of that profile's fields: an edited or upgraded profile numbers its sources differently */
  revision: string;
  tables: TableRows;
  /** per field, the index of the source that answered; -1 when none did */
  sources: Record<string, number>;
}

const revisions = new WeakMap<Profile, string>();

/** What the hints of a profile are valid for: its id and the exact sources of its fields. */
export function profileRevision(profile: Profile): string {
  let revision = revisions.get(profile);
  if (revision === undefined) {
    revision = createHash('sha256').update(JSON.stringify([profile.fields, profile.supplies])).digest('hex').slice(0, 16);
    revisions.set(profile, revision);
  }
  return revision;
}

/** The hints, when they were learned with this very profile. */
export function hintsFor(profile: Profile, hints: ReadHints | undefined): ReadHints | undefined {
  return hints?.profile === profile.id && hints.revision === profileRevision(profile) ? hints : undefined;
}

import type { TableRows } from './table-reads.js';

/**
 * What a collect learned about a device's answers, kept in the inventory so the next collect
 * asks only for what answered: the rows of its tables and, per field, which source answered.
 * A discover sweep (scan) reads everything again and relearns them.
 */
export interface ReadHints {
  /** the profile the hints were learned with: another profile means other sources, so they are ignored */
  profile: string;
  tables: TableRows;
  /** per field, the index of the source that answered; -1 when none did */
  sources: Record<string, number>;
}

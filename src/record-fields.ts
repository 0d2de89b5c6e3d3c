/**
 * What a device record's `errors` say about it. Each error names the record field a failed read
 * left empty; these answer the questions several layers ask (history, inventory, the table).
 */

interface RecordErrors {
  errors: readonly { field: string; problem: string }[];
}

/** The record fields the standard tables fill (supplies, alerts, HOST-RESOURCES status). */
export const TABLE_FIELDS = ['supplies', 'status.alerts', 'status.printer', 'status.device', 'status.errors'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

const isTableField = (field: string) => (TABLE_FIELDS as readonly string[]).includes(field);

/** A read that failed, as opposed to a value that came back but could not be used. */
export const readFailed = (e: { problem: string }): boolean => e.problem !== 'badValue';

/** The identity or meters could not be read: the device was not really collected. */
export const scalarsFailed = (record: RecordErrors): boolean => record.errors.some((e) => readFailed(e) && !isTableField(e.field));

/** Supplies or status could not be read. */
export const tablesFailed = (record: RecordErrors): boolean => record.errors.some((e) => readFailed(e) && isTableField(e.field));

/** Some meter could not be read. */
export const metersFailed = (record: RecordErrors): boolean => record.errors.some((e) => readFailed(e) && (e.field === 'meters' || e.field.startsWith('meters.')));

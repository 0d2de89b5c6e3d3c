/**
 * Device strings are untrusted and unbounded (a sysDescr of 60 KB fits one datagram): every
 * string a record carries is cut to 1 KiB of UTF-8, and the record lists, in `truncated`,
 * the path of each field that was cut, so nobody mistakes a cut value for the whole one.
 */

export const MAX_DEVICE_STRING_BYTES = 1024;

/** The longest prefix of `text` within `maxBytes` of UTF-8, never splitting a character; undefined when it fits whole. */
export function cutText(text: string, maxBytes = MAX_DEVICE_STRING_BYTES): string | undefined {
  // Each UTF-16 unit takes at most 3 bytes: most strings are decided without encoding them.
  if (text.length * 3 <= maxBytes) return undefined;
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return read < text.length ? text.slice(0, read) : undefined;
}

function capIn(value: unknown, path: string, cut: string[]): unknown {
  if (typeof value === 'string') {
    const short = cutText(value);
    if (short === undefined) return value;
    cut.push(path);
    return short;
  }
  if (Array.isArray(value)) return value.map((v, i) => capIn(v, `${path}[${i}]`, cut));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capIn(v, path === '' ? k : `${path}.${k}`, cut)]));
  }
  return value;
}

/** A copy of `record` with every string capped; `truncated` gains the paths cut now (a discover record's stay). */
export function capDeviceStrings<T extends { truncated?: string[] }>(record: T): T {
  const cut: string[] = [];
  const capped = capIn(record, '', cut) as T;
  if (cut.length === 0) return record;
  capped.truncated = [...new Set([...(record.truncated ?? []), ...cut])];
  return capped;
}

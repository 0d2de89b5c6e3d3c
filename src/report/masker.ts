import { createHmac } from 'node:crypto';

/** Hex digits kept of the HMAC: 64 bits, short enough to read, far too many to collide in a fleet. */
export const MASK_HEX_DIGITS = 16;
/** Shorter values are masked in their own field but not hunted for inside free text ("A", "2F"). */
const SCRUB_MIN_LENGTH = 3;

/** The keyed hash of one value: `~` and 16 hex digits of HMAC-SHA256(key, value). */
export function maskValue(key: Buffer, value: string): string {
  return `~${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, MASK_HEX_DIGITS)}`;
}

/** A MAC as devices also print it: upper case, dashes, or bare hex. */
function macSpellings(mac: string): string[] {
  const hex = mac.replace(/[^0-9a-f]/gi, '');
  return [mac, mac.replace(/:/g, '-'), hex];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks the values that name a place, a person or a host, and then finds the same values
 * inside free text (a console display showing the address, an error quoting the location)
 * and masks them there too. Register every value first, then scrub.
 */
export class Masker {
  /** lower-case spelling → mask */
  private readonly masks = new Map<string, string>();
  private pattern: RegExp | undefined;

  constructor(private readonly key: Buffer) {}

  /** The mask of `value`, remembered for `scrub`. */
  mask(value: string): string;
  mask(value: string | undefined): string | undefined;
  mask(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const masked = maskValue(this.key, value);
    this.remember(value, masked);
    return masked;
  }

  maskMac(mac: string | undefined): string | undefined {
    if (mac === undefined) return undefined;
    const masked = maskValue(this.key, mac);
    for (const spelling of macSpellings(mac)) this.remember(spelling, masked);
    return masked;
  }

  /** `text` with every remembered value (whole words, any case) replaced by its mask. */
  scrub(text: string): string;
  scrub(text: string | undefined): string | undefined;
  scrub(text: string | undefined): string | undefined {
    if (text === undefined || this.masks.size === 0) return text;
    this.pattern ??= this.compile();
    return text.replace(this.pattern, (found) => this.masks.get(found.toLowerCase()) ?? found);
  }

  private remember(value: string, masked: string): void {
    if (value.length < SCRUB_MIN_LENGTH || this.masks.has(value.toLowerCase())) return;
    this.masks.set(value.toLowerCase(), masked);
    this.pattern = undefined;
  }

  /** One alternation, longest first, so one pass never rescans a mask it put in. */
  private compile(): RegExp {
    const values = [...this.masks.keys()].sort((a, b) => b.length - a.length).map(escape);
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${values.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }
}

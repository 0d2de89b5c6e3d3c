import { UsageError } from '../../errors.js';

/** A commander parser for a whole number from `min` to `max`, named in its error. */
export function integer(name: string, min: number, max: number): (text: string) => number {
  return (text: string) => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) throw new UsageError(`${name} "${text}" must be a whole number from ${min} to ${max}`);
    return n;
  };
}

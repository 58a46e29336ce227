// Numbers in prose, printed as the tables print them: thousands separated from 1,000 on ("1,300,611 pages", not
// "1300611 pages" beside a table's "1,300,611"), and a value that rounds to zero never signed ("0.0", not "-0.0").

/** `x` rounded to at most `digits` decimals (none by default), thousands separated; -0 and values that round to 0 print unsigned. */
export function grouped(x: number, digits = 0): string {
  const s = x.toLocaleString('en-US', { maximumFractionDigits: digits });
  return unsignedZero(s);
}

/** Milliseconds summed over a replay, at the precision they carry: whole ms from 100 ms on ("7,874 ms", not
 *  "7,873.7 ms"), 0.1 ms below. */
export const msText = (ms: number): string => grouped(ms, Math.abs(ms) >= 100 ? 0 : 1);

/** "-0", "-0.0" → "0", "0.0": a value that rounds to zero has no sign. */
export const unsignedZero = (s: string): string => (/^-0(\.0*)?$/.test(s) ? s.slice(1) : s);

// Decimal places of each replay figure, one per row wherever it appears: the replay and compare tables of the CLI and
// the panel's Compare table read this, so a figure never prints 58 in one place and 58.0 in another.
import { unsignedZero } from '../core/numberText';
import type { Figure, ScenarioFigures } from '../core/replay/types';

/** Thousands separated, `digits` decimals; a value that rounds to zero is unsigned ("0.0", not "-0.0"). */
export const figure = (x: number, digits: number): string =>
  unsignedZero(x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

const FIGURE_DIGITS: Record<keyof ScenarioFigures, number> = {
  pgstealAnonPerS: 0, pgscanAnonPerS: 0, kswapdCpuPct: 1, reclaimerCpuPct: 1, allocstalls: 0, allocstallsPerGiB: 1,
  directReclaimMs: 0, memcgReclaimMs: 0, zramRatio: 3, zramMemUsedMiB: 0,
  minFreeMiB: 1, // 0.1 MiB, as parse and the fidelity table print it
};

/** Decimal places `k` is printed with. */
export const figureDigits = (k: keyof ScenarioFigures): number => FIGURE_DIGITS[k];

/** A figure of row `k` as a table cell: thousands separated, the row's decimals; "n/a" when absent. */
export const figureCell = (v: number | null | undefined, k: keyof ScenarioFigures): string => (v === null || v === undefined ? 'n/a' : figure(v, figureDigits(k)));

/** Decimals of the fidelity table's rows that are not headline figures: counts none, seconds 0.1 s (a window start of
 *  5 s prints "5.0" as 11.2 s does). Zone rows (free pages) are counts. */
const OTHER_DIGITS: Record<string, number> = { reclaimPerS: 0, kswapdWakes: 0, kswapdSleeps: 0, freePagesEnd: 0, kswapdAwakeS: 1, windowStartS: 1, windowEndS: 1 };

/** A row's decimals wherever the row is printed (the replay table, the fidelity and predicted-vs-measured tables):
 *  the row's own, or enough for two significant digits when a fractional figure of it is below 10 (a zram mem_used
 *  of 1.0 → 1.2 MiB, not "1 → 1" beside × 1.20); undefined for a key with no digits of its own. */
export function rowDigits(key: string, figures: readonly (Figure | undefined)[]): number | undefined {
  const own = key in FIGURE_DIGITS ? FIGURE_DIGITS[key as keyof ScenarioFigures] : key.startsWith('freePagesEndByZone.') ? 0 : OTHER_DIGITS[key];
  if (own === undefined) return undefined;
  const small = figures.filter((f): f is number => typeof f === 'number' && f !== 0 && !Number.isInteger(f)).map(Math.abs);
  const least = Math.min(...small);
  return least < 10 ? Math.max(own, Math.min(3, 1 - Math.floor(Math.log10(least)))) : own;
}

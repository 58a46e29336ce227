// Decimal places of each replay figure, one per row wherever it appears: the replay and compare tables of the CLI and
// the panel's Compare table read this, so a figure never prints 58 in one place and 58.0 in another.
import type { ScenarioFigures } from '../core/replay/types';
import { figure } from './fidelity';

const FIGURE_DIGITS: Record<keyof ScenarioFigures, number> = {
  pgstealAnonPerS: 0, pgscanAnonPerS: 0, kswapdCpuPct: 1, reclaimerCpuPct: 1, allocstalls: 0, allocstallsPerGiB: 2,
  directReclaimMs: 0, memcgReclaimMs: 0, zramRatio: 3, zramMemUsedMiB: 0,
  minFreeMiB: 1, // 0.1 MiB, as parse and the fidelity table print it
};

/** Decimal places `k` is printed with. */
export const figureDigits = (k: keyof ScenarioFigures): number => FIGURE_DIGITS[k];

/** A figure of row `k` as a table cell: thousands separated, the row's decimals; "n/a" when absent. */
export const figureCell = (v: number | null | undefined, k: keyof ScenarioFigures): string => (v === null || v === undefined ? 'n/a' : figure(v, figureDigits(k)));

// The fidelity table's rows (observed capture figure vs the baseline replay), shared by the webview and the report.
import type { ReplayResult } from '../core/replay/types';
import { fmt } from './headline';

/** Baseline misses by more than this are marked. */
export const FIDELITY_LIMIT_PCT = 10;

export const FIDELITY_HEADERS = ['figure', 'observed', 'simulated (baseline)', 'error %', ''];

export interface FidelityCells {
  name: string;
  observed: string;
  simulated: string;
  error: string;
  miss: boolean;
  mark: string;
}

/** Ratios and fractions (below 10) need three decimals to show a 1 % error; rates and MiB do with one. */
const figure = (x: number): string => fmt(x, Math.abs(x) < 10 ? 3 : 1);

export function fidelityRows(r: ReplayResult): FidelityCells[] {
  return Object.entries(r.fidelity).map(([name, row]) => {
    const miss = !(Math.abs(row.errorPct) <= FIDELITY_LIMIT_PCT); // NaN counts as a miss
    return {
      name, observed: figure(row.observed), simulated: figure(row.simulated),
      error: `${row.errorPct > 0 ? '+' : ''}${fmt(row.errorPct)}`,
      miss, mark: miss ? `✗ misses by more than ${FIDELITY_LIMIT_PCT} %` : '✓',
    };
  });
}

export const NO_FIDELITY = 'The capture has no observed figures to compare the baseline replay with.';

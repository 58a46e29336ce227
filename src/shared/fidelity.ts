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

export function fidelityRows(r: ReplayResult): FidelityCells[] {
  return Object.entries(r.fidelity).map(([name, row]) => {
    const miss = !(Math.abs(row.errorPct) <= FIDELITY_LIMIT_PCT); // NaN counts as a miss
    return {
      name, observed: fmt(row.observed), simulated: fmt(row.simulated),
      error: `${row.errorPct > 0 ? '+' : ''}${fmt(row.errorPct)}`,
      miss, mark: miss ? `✗ misses by more than ${FIDELITY_LIMIT_PCT} %` : '✓',
    };
  });
}

export const NO_FIDELITY = 'The capture has no observed figures to compare the baseline replay with.';

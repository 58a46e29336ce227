// The fidelity table's rows (observed capture figure vs the simulated baseline, with each row's basis) and the
// verdict line above it, shared by the webview, the HTML report and the CLI.
import type { FidelityRow, ReplayResult } from '../core/replay/types';
import { FIDELITY_LABELS, FIDELITY_LIMIT_PCT, labelOf } from '../core/replay/verdict';
import { fmt } from './headline';

export { FIDELITY_LIMIT_PCT };

export const FIDELITY_HEADERS = ['figure', 'basis', 'observed', "simulated: today's kernel", 'error %', ''];

export interface FidelityCells {
  key: string;
  name: string;
  basis: FidelityRow['basis'];
  observed: string;
  simulated: string;
  error: string;
  miss: boolean;
  mark: string;
  /** Why the row has its basis, for a tooltip. */
  why?: string;
}

/** Counts show as integers; ratios and fractions (below 10) need three decimals to show a 1 % error; rates and MiB one. */
const figure = (x: number): string => fmt(x, Number.isInteger(x) ? 0 : Math.abs(x) < 10 ? 3 : 1);

const MARKS: Record<FidelityRow['basis'], string> = {
  predicted: '',
  fitted: 'fit, not a test',
  input: 'input, not a test',
};

function markOf(row: FidelityRow): string {
  if (row.notExercised) return 'not exercised';
  if (row.mark === 'pass') return `✓ within ±${FIDELITY_LIMIT_PCT} %`;
  if (row.mark === 'miss') return `✗ misses by more than ${FIDELITY_LIMIT_PCT} %`;
  return MARKS[row.basis];
}

const order = (k: string) => {
  const i = Object.keys(FIDELITY_LABELS).indexOf(k);
  return i < 0 ? Infinity : i;
};

export function fidelityRows(r: ReplayResult): FidelityCells[] {
  return Object.entries(r.fidelity).sort(([a], [b]) => order(a) - order(b)).map(([key, row]) => ({
    key, name: labelOf(key), basis: row.basis, observed: figure(row.observed), simulated: figure(row.simulated),
    error: row.notExercised ? 'not exercised' : `${row.errorPct > 0 ? '+' : ''}${fmt(row.errorPct)}`,
    miss: row.mark === 'miss', mark: markOf(row), why: row.why,
  }));
}

export const NO_FIDELITY = 'The capture has no observed figures to compare the baseline replay with.';

/** The line under the verdict: how the table was computed. */
export const validationNote = (r: ReplayResult): string => (r.validation ? `How: ${r.validation.note}.` : '');

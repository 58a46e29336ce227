// The fidelity table's rows (observed capture figure vs the simulated baseline, with each row's basis) and the
// verdict line above it, shared by the webview, the HTML report and the CLI.
import type { FidelityRow, MeasuredAfterRow, ReplayResult } from '../core/replay/types';
import { figure, rowDigits } from './figureDigits';
import { afterMisses, edgeLimit, edgeShift, errorDigits, isEdge, FIDELITY_LABELS, FIDELITY_LIMIT_PCT, labelOf, ZONE_END_PREFIX } from '../core/replay/verdict';

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

/** Decimals for a row, the same for both columns: the row's own as every table prints it (figureDigits); for a key
 *  with none, counts none, ratios and fractions (below 10) three, to show a 1 % error; up to 1,000 one; above that none. */
function digitsOf(observed: number, simulated: number, key: string): number {
  const own = rowDigits(key, [observed, simulated]);
  if (own !== undefined) return own;
  const big = Math.max(Math.abs(observed), Math.abs(simulated));
  if (Number.isInteger(observed) && Number.isInteger(simulated)) return 0;
  return big < 10 ? 3 : big < 1000 ? 1 : 0;
}

export { figure };

const MARKS: Record<FidelityRow['basis'], string> = {
  predicted: '',
  fitted: 'fit, not a test',
  input: 'input, not a test',
};

/** A window edge's mark: its error and limit in seconds (trial12 #1). */
function edgeMarkOf(key: string, row: FidelityRow & { errorS: number; limitS: number }): string | undefined {
  if (row.notExercised || row.atLeast || row.deviceZero) return undefined;
  if (row.fitFailed) return `fit failed: ${edgeShift(key, row)}, beyond ${edgeLimit(row)}; not a test`;
  if (row.mark === 'pass') return `✓ within ${edgeLimit(row)}`;
  if (row.mark === 'miss') return `✗ ${edgeShift(key, row)}, beyond ${edgeLimit(row)}`;
  return undefined;
}

/** A row's mark in words, as every table prints it (✓ within, ✗ misses, fit failed, not exercised, …); `key` names a
 *  window edge's row. */
export function markOf(row: FidelityRow, key = ''): string {
  const edge = isEdge(row) ? edgeMarkOf(key, row) : undefined;
  if (edge) return edge;
  if (row.notExercised) return 'not exercised';
  if (row.fitFailed) return `fit failed: off by more than ${FIDELITY_LIMIT_PCT} %, not a test`;
  if (row.inputOff) return 'input, not a test; does not hold on this span (see why)';
  if (row.deviceZero && row.mark === 'miss') return '✗ misses: the device had none';
  if (row.otherMoment) return 'not a test: observed at another moment (see why)';
  if (row.wholeSpan) return 'awake the whole span on both sides; not a test';
  if (row.atLeast && row.mark === 'miss') return '✗ did not end before the replay\'s end';
  if (row.atLeast && !row.fitFailed && !row.followsDemand) return 'did not end before the replay\'s end; not a test';
  if (row.mark === 'pass') return `✓ within ±${FIDELITY_LIMIT_PCT} %`;
  if (row.mark === 'miss') return `✗ misses by more than ${FIDELITY_LIMIT_PCT} %`;
  if (row.followsDemand) return 'follows the replayed demand, not a test';
  return MARKS[row.basis];
}

// Zone rows sit right after the node's free pages at the end, in the order the result holds them (DMA first).
const order = (k: string) => {
  const i = Object.keys(FIDELITY_LABELS).indexOf(k.startsWith(ZONE_END_PREFIX) ? 'freePagesEnd' : k);
  return i < 0 ? Infinity : i + (k.startsWith(ZONE_END_PREFIX) ? 0.5 : 0);
};

/** A signed error, %, with the decimals its row kept. */
const signedError = (e: number) => {
  const s = figure(e, errorDigits(e));
  return e > 0 && !/^0(\.0*)?$/.test(s) ? `+${s}` : s;
};

/** The error column: a signed percentage, or in words when no percentage applies. */
export function errorCell(row: FidelityRow, key = ''): string {
  if (row.notExercised) return 'not exercised';
  if (row.deviceZero) return `device 0, replay ${figure(row.simulated, digitsOf(row.observed, row.simulated, key))}`;
  // A window edge in seconds, not as a share of the window (trial12 #1).
  if (row.errorS !== undefined) return `${row.atLeast ? '≥ ' : ''}${signedError(row.errorS)} s`;
  return `${row.atLeast ? '≥ ' : ''}${signedError(row.errorPct)}`;
}

export function fidelityRows(r: ReplayResult): FidelityCells[] {
  return Object.entries(r.fidelity).sort(([a], [b]) => order(a) - order(b)).map(([key, row]) => ({
    key, name: labelOf(key), basis: row.basis, observed: figure(row.observed, digitsOf(row.observed, row.simulated, key)),
    simulated: `${row.atLeast ? '≥ ' : ''}${figure(row.simulated, digitsOf(row.observed, row.simulated, key))}`,
    error: errorCell(row, key),
    miss: row.mark === 'miss' || row.fitFailed === true, mark: markOf(row, key), why: row.why,
  }));
}

export const NO_FIDELITY = 'The capture has no observed figures to compare the baseline replay with.';

/** The line under the verdict: how the table was computed. */
export const validationNote = (r: ReplayResult): string => (r.validation ? `How: ${r.validation.note}.` : '');

export const MEASURED_AFTER_HEADERS = ['figure', 'predicted: with kcompressd', 'measured with kcompressd', 'error %', ''];

/** The after-row's mark for each reason a measured-after is no test, by the warning code its reason ends with. */
const NOT_A_TEST: Record<string, string> = { 'pair.workload-differs': 'another workload', 'pair.after-no-kcompressd': 'no kcompressd in the after' };
/** A row's mark when the after capture cannot test the prediction, by the warning code `why` ends with. */
export const notATestMark = (why: string): string => `not a test: ${NOT_A_TEST[/\[([\w.-]+)\]$/.exec(why)?.[1] ?? ''] ?? 'see the note below'}`;

/** The predicted-vs-measured after-figures of a replay given a capture measured with kcompressd, in table order,
 *  with the fidelity table's digits and marks. */
export function measuredAfterRows(r: Pick<ReplayResult, 'measuredAfter'>): { key: string; name: string; predicted: string; measured: string; error: string; miss: boolean; mark: string }[] {
  return Object.entries(r.measuredAfter ?? {}).filter((e): e is [string, NonNullable<typeof e[1]>] => e[1] !== undefined).map(([key, row]) => {
    const digits = digitsOf(row.measured, row.predicted, key);
    const error = row.notExercised ? 'not exercised' : row.deviceZero ? 'measured 0' : `${signedError(row.errorPct)}`;
    const miss = afterMisses(row);
    const mark = row.notATest ? notATestMark(row.notATest) : row.notExercised ? 'not exercised' : row.fitted ? 'fit, not a test' : !miss ? `✓ within ±${FIDELITY_LIMIT_PCT} %`
      : row.deviceZero ? '✗ misses: measured none' : `✗ misses by more than ${FIDELITY_LIMIT_PCT} %`;
    return { key, name: labelOf(key), predicted: figure(row.predicted, digits), measured: figure(row.measured, digits), error, miss, mark };
  });
}

/** Why the after-rows test nothing (every row shares it), as the line under the table says it; undefined when they do. */
export function measuredAfterNote(rows: Partial<Record<string, MeasuredAfterRow>> | undefined): string | undefined {
  const why = Object.values(rows ?? {}).find((row) => row?.notATest)?.notATest;
  return why && notATestNote(why);
}

/** The line under a predicted-vs-measured table whose after capture cannot test the prediction (replay
 *  --measured-after, compare --predict). */
export const notATestNote = (why: string): string => `not a test: ${why}, so the measured figures say nothing of the prediction`;

/** What the headline's error column is graded as, by the bases its rows have (headlineFidelity). */
export function headlineBasisNote(r: Pick<ReplayResult, 'headlineFidelity' | 'profileName'>): string | undefined {
  const rows = Object.values(r.headlineFidelity ?? {});
  if (rows.length === 0) return undefined;
  const bases = new Set(rows.map((x) => x.basis));
  const fitted = bases.has('fitted') ? [`fitted: the replay was fitted to this window there (profile ${r.profileName}'s calibration, the page corpus's zram ratio), a fit, not a test`] : [];
  const input = bases.has('input') ? ['input: the replay takes the capture\'s own figure'] : [];
  const predicted = bases.has('predicted') ? [`predicted: nothing was fitted to it here (✓/✗ at ±${FIDELITY_LIMIT_PCT} %)`] : [];
  return `error %: simulated today against measured over the same window, graded as the fidelity table grades its rows (${[...fitted, ...input, ...predicted].join('; ')})`;
}

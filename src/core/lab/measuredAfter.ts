// Predicted vs measured "after": the replay's kcompressd scenario against a capture really made with kcompressd
// (a lab pair's second half), figure by figure, with the same definitions the baseline's fidelity uses.
import { analyzeCapture } from '../analysis/figures';
import type { Capture } from '../capture/types';
import { fidelity } from '../replay/fidelity';
import type { ReplayResult, ScenarioFigures } from '../replay/types';

/** The after-figures compared: reclaim rate, kswapd CPU, stalls and zram. */
export const MEASURED_AFTER_FIGURES = ['pgstealAnonPerS', 'kswapdCpuPct', 'allocstalls', 'zramRatio', 'zramMemUsedMiB'] as const;
type AfterFigure = (typeof MEASURED_AFTER_FIGURES)[number];

export interface MeasuredAfterRow {
  predicted: number;
  measured: number;
  /** (predicted − measured) / |measured| × 100, one decimal. */
  errorPct: number;
}

export interface MeasuredAfter {
  capture: string;
  rows: Partial<Record<AfterFigure, MeasuredAfterRow>>;
  /** Figures the measured capture could not give (no reclaim window, no kswapd series, …). */
  missing: AfterFigure[];
}

export function measuredAfter(result: Pick<ReplayResult, 'kcompressd'>, after: Capture): MeasuredAfter {
  const rows = fidelity(analyzeCapture(after), result.kcompressd as ScenarioFigures, after.trace !== undefined);
  const out: MeasuredAfter = { capture: after.root, rows: {}, missing: [] };
  for (const k of MEASURED_AFTER_FIGURES) {
    const r = rows[k];
    if (r) out.rows[k] = { predicted: r.simulated, measured: r.observed, errorPct: r.errorPct };
    else out.missing.push(k);
  }
  return out;
}

const LABELS: Record<AfterFigure, string> = {
  pgstealAnonPerS: 'pgsteal_anon/s', kswapdCpuPct: 'kswapd CPU %', allocstalls: 'allocstalls', zramRatio: 'zram ratio',
  zramMemUsedMiB: 'zram mem_used MiB',
};

export function formatMeasuredAfter(m: MeasuredAfter): string {
  const n = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  const out = [`Predicted vs measured with kcompressd (${m.capture})`,
    `  ${'figure'.padEnd(20)} ${'predicted'.padStart(12)} ${'measured'.padStart(12)} ${'error %'.padStart(9)}`];
  for (const k of MEASURED_AFTER_FIGURES) {
    const r = m.rows[k];
    if (r) out.push(`  ${LABELS[k].padEnd(20)} ${n(r.predicted).padStart(12)} ${n(r.measured).padStart(12)} ${r.errorPct.toFixed(1).padStart(9)}`);
  }
  if (m.missing.length > 0) out.push(`  not measured in that capture: ${m.missing.map((k) => LABELS[k]).join(', ')}`);
  return out.join('\n');
}

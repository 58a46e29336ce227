// Predicted vs measured "after": the replay's kcompressd scenario against a capture really made with kcompressd
// (a lab pair's second half), figure by figure. The measured figures are the capture's own (`parse`): rates over its
// reclaim window, kswapd CPU over that window, allocstalls counted in it, zram at its end.
import { analyzeCapture } from '../analysis/figures';
import type { CaptureFigures } from '../analysis/types';
import type { Capture } from '../capture/types';
import { afterWithoutKcompressd, notATest, pairWarnings } from '../compare/pairChecks';
import { fidelityRow } from '../replay/fidelity';
import { observedSeries } from '../replay/observedSeries';
import { labelOf, withAfterCheck } from '../replay/verdict';
import { measuredAfterNote, measuredAfterRows } from '../../shared/fidelity';
import type { MeasuredAfterRow, ReplayResult } from '../replay/types';
import { captureWarnings, warning, type Warning } from '../warnings';

/** The after-figures compared: reclaim rate, kswapd CPU, stalls and zram. */
export const MEASURED_AFTER_FIGURES = ['pgstealAnonPerS', 'kswapdCpuPct', 'allocstalls', 'zramRatio', 'zramMemUsedMiB'] as const;
type AfterFigure = (typeof MEASURED_AFTER_FIGURES)[number];

export type { MeasuredAfterRow } from '../replay/types';

export interface MeasuredAfter {
  capture: string;
  rows: Partial<Record<AfterFigure, MeasuredAfterRow>>;
  /** Figures the measured capture could not give (no reclaim window, no kswapd series, …) or the replay did not predict. */
  missing: AfterFigure[];
  /** The measured capture's own warnings, at its files. */
  warnings: Warning[];
}

/** The after-figures a capture measured; null where it cannot give one. */
export function measuredFigures(f: CaptureFigures): Record<AfterFigure, number | null> {
  const allocstall = f.rates.allocstall;
  const span = f.window;
  return {
    pgstealAnonPerS: f.window ? f.rates.pgsteal_anon ?? null : null,
    kswapdCpuPct: f.kswapd.cpuPct,
    allocstalls: span && allocstall !== undefined ? Math.round(allocstall * span.durationS) : null,
    zramRatio: f.zram?.ratio ?? null,
    zramMemUsedMiB: f.zram?.memUsedMiB ?? null,
  };
}

/** One row, with the fidelity table's convention: a measured 0 is a miss in kind, 0 on both sides not exercised. */
export function afterRow(measured: number, predicted: number): MeasuredAfterRow {
  const { errorPct, deviceZero, notExercised } = fidelityRow(measured, predicted, 'predicted');
  return { predicted, measured: Math.round(measured * 1000) / 1000, errorPct, ...(deviceZero && { deviceZero }), ...(notExercised && { notExercised }) };
}

export function measuredAfter(result: Pick<ReplayResult, 'kcompressd'>, after: Capture): MeasuredAfter {
  const figures = analyzeCapture(after);
  const measured = measuredFigures(figures);
  const out: MeasuredAfter = { capture: after.root, rows: {}, missing: [], warnings: captureWarnings(figures.warnings, after.root) };
  for (const k of MEASURED_AFTER_FIGURES) {
    const m = measured[k];
    const p = result.kcompressd[k];
    if (m === null || !Number.isFinite(m) || typeof p !== 'number') {
      out.missing.push(k);
      continue;
    }
    out.rows[k] = k === 'zramRatio' ? { ...afterRow(m, p), fitted: true } : afterRow(m, p);
  }
  return out;
}

/** What leads the measured-after capture's warnings among the replayed capture's. */
const AFTER_LABEL = 'measured with kcompressd';

/** Probe ratios outside this band mean the two runs had different CPUs to run on (a shared host under TCG). */
const SAME_SPEED = { low: 0.8, high: 1.25 } as const;

/** A warning when the two captures' zram store probes (ns of CPU per page, timed in each guest before its workload)
 *  differ by more than a quarter: the rates of the two runs are then not comparable, whatever the model does. */
export function guestSpeedWarning(before: Capture, after: Capture): Warning | undefined {
  const [b, a] = [before.zramProbe?.cpuNsPerPage, after.zramProbe?.cpuNsPerPage];
  if (!(b && a && b > 0 && a > 0)) return undefined;
  const r = a / b;
  if (r >= SAME_SPEED.low && r <= SAME_SPEED.high) return undefined;
  return warning('replay.after-guest-speed', `the zram store probe took ${(a / 1e3).toFixed(1)} µs per page in the measured-after run and ${(b / 1e3).toFixed(1)} µs `
    + `in the replayed one (×${r.toFixed(2)}): the two ran at different speeds (a host shared with other load), so the measured rates compare two machines, not two kernels; run the pair again on a quieter host`, after.zramProbe!.source);
}

/**
 * Adds the comparison with `after` to `result` (measuredAfter, measuredAfterMissing, measuredAfterCapture) and, when
 * the result has series, the capture's own curves as series.measuredAfter on the replay's time base — each capture
 * from its own first vmstat sample (a lab pair starts its workload at the same offset in both). Warnings about that
 * capture's series join the result's, named. An after without a kcompressd thread is warned about; with `before`
 * (the replayed capture), so are a guest-speed change between the two runs and another algorithm, MemTotal or CPU count.
 */
export function attachMeasuredAfter(result: ReplayResult, after: Capture, before?: Capture): ReplayResult {
  const m = measuredAfter(result, after);
  const speed = before && guestSpeedWarning(before, after);
  if (speed) result.warnings.push(speed);
  const noKcompressd = afterWithoutKcompressd(after);
  if (noKcompressd) result.warnings.push(noKcompressd);
  if (before) result.warnings.push(...pairWarnings(before, after));
  // Another workload's figures, or an after without kcompressd, test nothing of this replay's prediction: no row
  // passes or misses.
  const untested = notATest(after, before);
  if (untested) for (const row of Object.values(m.rows)) if (row) row.notATest = untested;
  result.measuredAfter = m.rows;
  result.measuredAfterMissing = m.missing;
  result.measuredAfterCapture = m.capture;
  result.verdict = withAfterCheck(result.verdict, m.rows, m.capture);
  result.warnings.push(...captureWarnings(m.warnings, after.root, AFTER_LABEL));
  const s = result.series;
  const first = (after.vmstat ?? after.zramMmStat)?.times[0];
  if (s && first !== undefined && s.t.length > 1) {
    const warnings: Warning[] = [];
    const binNs = Math.round((s.t[1] - s.t[0]) * 1e9);
    s.measuredAfter = observedSeries(after, { originS: first, binNs, bins: s.t.length }, warnings);
    result.warnings.push(...captureWarnings(warnings, after.root, AFTER_LABEL));
  }
  return result;
}

/** The table in text, cells and marks as the fidelity table (and the webview's after-table) give them. */
export function formatMeasuredAfter(m: { capture: string; rows: Partial<Record<string, MeasuredAfterRow>>; missing: string[] }): string {
  const out = [`Predicted vs measured with kcompressd (${m.capture})`,
    `  ${'figure'.padEnd(20)} ${'predicted'.padStart(12)} ${'measured'.padStart(12)} ${'error %'.padStart(14)}`];
  for (const r of measuredAfterRows({ measuredAfter: m.rows })) {
    out.push(`  ${r.name.padEnd(20)} ${r.predicted.padStart(12)} ${r.measured.padStart(12)} ${r.error.padStart(14)}  ${r.mark}`);
  }
  if (m.missing.length > 0) out.push(`  not compared (not in that capture or not predicted): ${m.missing.map(labelOf).join(', ')}`);
  const untested = measuredAfterNote(m.rows);
  if (untested) out.push(`  ${untested}`);
  return out.join('\n');
}

// What a comparison of two captures gives: shared by the CLI, the extension and the webview (types only, so the
// webview's type graph stays clear of the analysis and model code compare.ts runs).
import type { ScenarioFigures } from '../replay/types';
import type { Warning } from '../warnings';

export interface CompareRow {
  /** ScenarioFigures key the row matches in a replay (for the predicted column). */
  key: keyof ScenarioFigures;
  label: string;
  before: number | null;
  after: number | null;
  /** (after − before) ÷ before, percent; null when the baseline is 0 or either side is missing. */
  changePct: number | null;
  /** A replay of BEFORE's own kcompressd figure — the number `replay BEFORE --measured-after AFTER` compares with the
   *  measured AFTER: one prediction, one name, wherever it is shown. */
  predicted?: number | null;
  /** That replay's change, kcompressd ÷ its simulated today's kernel − 1, percent (its headline's ×): beside the
   *  measured change, which holds even where the simulated figures miss the device. */
  predictedChangePct?: number | null;
  /** Why `before` / `after` is null, as replay's "measured n/a" says it (the capture's measured headline). */
  na?: { before?: string; after?: string };
}

export interface CompareCurve {
  metric: string;
  label: string;
  unit: string;
  /** Seconds since each capture's reclaim start (negative before it). */
  before: { t: number[]; y: number[] };
  after: { t: number[]; y: number[] };
}

export interface CompareResult {
  before: string;
  after: string;
  /** Each capture's reclaim start on its own clock (null: no reclaim seen; the curves then start at its first sample). */
  alignedAt: { before: number | null; after: number | null };
  rows: CompareRow[];
  curves: CompareCurve[];
  /** The replay of BEFORE the predicted column came from. */
  predictedBy?: { capture: string; variant: string; kcompressd: number; queue: number; profile: string };
  /** Why the after capture's figures cannot test a kcompressd prediction made from the before capture (another
   *  workload, no kcompressd in the after), ending in the warning's code: the predicted columns are then not a test,
   *  as replay --measured-after marks them; absent when they may be one. */
  predictionNotATest?: string;
  warnings: Warning[];
}

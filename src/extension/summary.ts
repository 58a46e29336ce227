// The JSON summary `reclaimReplay.lastResult` returns: the headline numbers of the last replay (no series).
import type { ReplayResult } from '../core/replay/types';
import { headline, statusText } from '../shared/headline';
import type { SourceInfo } from '../shared/protocol';

export function resultSummary(r: ReplayResult, source: SourceInfo) {
  return {
    capture: r.capture,
    options: r.options,
    profileName: r.profileName,
    headline: headline(r),
    status: statusText(headline(r)),
    baseline: r.baseline,
    kcompressd: r.kcompressd,
    fidelity: r.fidelity,
    ...(r.measuredAfter ? { measuredAfter: r.measuredAfter, measuredAfterCapture: r.measuredAfterCapture } : {}),
    warnings: r.warnings,
    points: r.series?.t.length ?? 0,
    source,
    elapsedMs: r.elapsedMs,
    simulatedS: r.simulatedS,
  };
}

// Per-page costs read from a trace's reclaim slices when no perf profile splits the reclaimer's time: the tasks'
// on-CPU seconds inside their slices (sched_switch) and, from slice to slice, how that time follows the folios
// scanned and the pages reclaimed.
import type { ReclaimSlices } from '../capture/types';

/** The reclaiming tasks' CPU time in their slices over [t0, t1]. A slice's wall time also holds run-queue waits and
 *  reclaim_throttle() sleeps, which are not per-page work, so a slice sched_switch timed counts its on-CPU seconds
 *  (pro rata where the span cuts it). The others (a task whose switches the trace shows in part) are charged the timed
 *  slices' on-CPU seconds per page they reclaimed (nr_reclaimed), or their wall time when no slice was timed.
 *  `onCpu`/`timedWall`: the timed slices' on-CPU and wall seconds; `untimed`: the others' wall seconds. */
export function sliceSeconds(s: ReclaimSlices | undefined, t0: number, t1: number): { s: number; onCpu: number; timedWall: number; untimed: number } {
  let onCpu = 0;
  let timedWall = 0;
  let timedPages = 0;
  let untimed = 0;
  let untimedPages = 0;
  for (let i = 0; s && i < s.start.length; i++) {
    const len = s.end[i] - s.start[i];
    const inSpan = Math.max(0, Math.min(s.end[i], t1) - Math.max(s.start[i], t0));
    if (inSpan <= 0) continue;
    const part = len > 0 ? inSpan / len : 1;
    const on = s.onCpuS?.[i];
    if (on !== undefined && Number.isFinite(on)) {
      onCpu += on * part;
      timedWall += inSpan;
      timedPages += s.nrReclaimed[i] * part;
    } else {
      untimed += inSpan;
      untimedPages += s.nrReclaimed[i] * part;
    }
  }
  const perPage = timedPages > 0 ? onCpu / timedPages : undefined;
  return { s: onCpu + (perPage === undefined ? untimed : perPage * untimedPages), onCpu, timedWall, untimed };
}

/** Fewest timed slices, and the largest cosine between the scanned and reclaimed columns, a scan-cost fit accepts:
 *  slices that all reclaim what they scan cannot tell a scanned folio's cost from a reclaimed page's. */
const MIN_SLICES = 20;
const MAX_COSINE = 0.98;

/**
 * The CPU per scanned folio and per reclaimed page, by least squares over the timed slices inside [t0, t1]:
 * on-CPU ≈ scanNs · nr_scanned (shrink_inactive batches) + reclaimNs · nr_reclaimed. Without perf this is what
 * separates shrink_folio_list()'s per-folio work (isolate, folio_referenced(), putback) from the unmap and swap-out
 * of a reclaimed one. Undefined, with why, when the slices cannot tell them apart.
 */
export function scanCostOfSlices(s: ReclaimSlices | undefined, t0: number, t1: number): { scanNs: number; reclaimNs: number; n: number } | { why: string } {
  if (!s?.onCpuS || !s.nrScanned) return { why: 'the trace times no reclaim slice on-CPU or counts no shrink_inactive batch in them' };
  let ss = 0, sr = 0, rr = 0, sy = 0, ry = 0, n = 0;
  for (let i = 0; i < s.start.length; i++) {
    const y = s.onCpuS[i];
    if (!(s.start[i] >= t0 && s.end[i] <= t1) || !Number.isFinite(y)) continue;
    const sc = s.nrScanned[i];
    const rc = s.nrReclaimed[i];
    ss += sc * sc; sr += sc * rc; rr += rc * rc; sy += sc * y; ry += rc * y; n++;
  }
  if (n < MIN_SLICES) return { why: `${n} timed reclaim slices (at least ${MIN_SLICES} needed)` };
  const cos = sr / Math.sqrt(ss * rr);
  if (!(cos < MAX_COSINE)) return { why: `the slices reclaim in proportion to what they scan (cosine ${cos.toFixed(3)})` };
  const det = ss * rr - sr * sr;
  const scan = (sy * rr - ry * sr) / det;
  const reclaim = (ss * ry - sr * sy) / det;
  if (!(scan > 0 && reclaim > 0)) return { why: `the fit gives no positive cost (scan ${(scan * 1e6).toFixed(2)} µs, reclaim ${(reclaim * 1e6).toFixed(2)} µs)` };
  return { scanNs: scan * 1e9, reclaimNs: reclaim * 1e9, n };
}

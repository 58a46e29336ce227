// Per-page costs read from a trace's reclaim slices when no perf profile splits the reclaimer's time: the tasks'
// on-CPU seconds inside their slices (sched_switch) and, from slice to slice, how that time follows the folios
// scanned and the pages reclaimed.
import { perfFrameBit } from '../capture/ftrace/perfFrames';
import type { Capture, ReclaimSlices } from '../capture/types';

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

/** The reclaim entry each kind's begin/end tracepoints bracket (try_to_free_mem_cgroup_pages() emits
 *  mm_vmscan_memcg_reclaim_begin/end, try_to_free_pages() the direct ones): a perf sample whose chain holds it is in a slice. */
const SLICE_ENTRY = { memcg: 'try_to_free_mem_cgroup_pages', direct: 'try_to_free_pages' } as const;

/** Share of the samples that must fall inside the vmstat series' span for perf's times to be on the capture's clock. */
export const PERF_ON_CLOCK = 0.9;

/** Whether sample `times` (perf's clock) are on the capture's clock: most fall inside its vmstat series. */
export function perfOnCaptureClock(capture: Capture, times: Float64Array): boolean {
  const t = capture.vmstat?.times;
  if (!t || t.length === 0 || times.length === 0) return false;
  let inSeries = 0;
  for (const x of times) if (x >= t[0] && x <= t[t.length - 1]) inSeries++;
  return inSeries >= PERF_ON_CLOCK * times.length;
}

/** The reclaiming tasks' on-CPU seconds in one kind of reclaim slice over [t0, t1], and how they were measured. */
export interface SliceCpu {
  s: number;
  /** sched_switch: every slice there timed; perf: cpu-clock samples in the slices' entry frame; wall: slice wall time
   *  (or sliceSeconds' per-page estimate) because neither measures it. */
  source: 'sched_switch' | 'perf' | 'wall';
  /** What sched_switch timed (sliceSeconds). */
  sched: ReturnType<typeof sliceSeconds>;
}

/**
 * On-CPU seconds of the `kind` reclaim slices over [t0, t1]. sched_switch times a slice only when every switch of its
 * task pairs up; a trace that lacks some (switch-ins from idle are often missing) leaves those slices untimed, and
 * their wall time holds run-queue waits the model does not count as reclaim CPU. Then a perf cpu-clock profile on the
 * capture's clock that spans [t0, t1] measures it: the slices' comms' samples whose chain holds the kind's entry
 * frame, × the sample period. Without one, sliceSeconds' estimate (wall time when nothing is timed).
 */
export function sliceCpuSeconds(capture: Capture, kind: 'memcg' | 'direct', t0: number, t1: number): SliceCpu {
  const slices = kind === 'memcg' ? capture.trace?.memcgReclaim : capture.trace?.directReclaim;
  const t = sliceSeconds(slices, t0, t1);
  if (t.untimed <= 0) return { s: t.s, source: 'sched_switch', sched: t };
  const perf = perfSecondsIn(capture, slices!, SLICE_ENTRY[kind], t0, t1);
  return perf === undefined ? { s: t.s, source: t.onCpu > 0 ? 'sched_switch' : 'wall', sched: t } : { s: perf, source: 'perf', sched: t };
}

/** Seconds of the slices' comms' perf samples holding `frame` in [t0, t1]; undefined when the profile keeps no sample
 *  times, they are not on the capture's clock, or its samples do not span [t0, t1] (within a second). */
function perfSecondsIn(capture: Capture, slices: ReclaimSlices, frame: (typeof SLICE_ENTRY)[keyof typeof SLICE_ENTRY], t0: number, t1: number): number | undefined {
  const perf = capture.perf;
  const tl = perf?.timeline;
  if (!perf || !tl || !(perf.periodNs > 0)) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const { times } of Object.values(tl)) {
    for (const x of times) {
      if (x < first) first = x;
      if (x > last) last = x;
    }
  }
  if (!(first <= t0 + 1 && last >= t1 - 1)) return undefined;
  const bit = perfFrameBit(frame);
  let samples = 0;
  let clockChecked = false;
  for (const comm of new Set(slices.comms.values())) {
    const c = tl[comm];
    if (!c) continue;
    if (!clockChecked && !perfOnCaptureClock(capture, c.times)) return undefined;
    clockChecked = true;
    for (let i = 0; i < c.times.length; i++) if (c.times[i] >= t0 && c.times[i] <= t1 && (c.masks[i] & bit) !== 0) samples++;
  }
  return clockChecked ? (samples * perf.periodNs) / 1e9 : undefined;
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

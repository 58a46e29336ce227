// Generic helpers over a SnapshotSeries, shared by the figures and the model's calibration: one function for every
// counter, keyed by the kernel's name. A composite key `a+b` sums columns (e.g. `pswpout+swpout_zero`).
import type { SnapshotSeries } from '../capture/types';

/** The column for `key`, or for `a+b+…` the element-wise sum (NaN where any part is missing); undefined if no part exists. */
export function column(s: SnapshotSeries, key: string): Float64Array | undefined {
  const parts = key.split('+');
  if (parts.length === 1) return s.columns.get(key);
  const cols = parts.map((k) => s.columns.get(k)).filter((c): c is Float64Array => c !== undefined);
  if (cols.length === 0) return undefined;
  const out = new Float64Array(s.times.length);
  for (const c of cols) for (let i = 0; i < out.length; i++) out[i] += c[i];
  return out;
}

/** Index of the first sample at or after time t (the last index when every sample is before t; 0 when empty). */
export function firstIndexAtOrAfter(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the sample nearest to time t (ties: the earlier). */
export function nearestIndex(times: Float64Array, t: number): number {
  const lo = firstIndexAtOrAfter(times, t);
  return lo > 0 && Math.abs(times[lo - 1] - t) <= Math.abs(times[lo] - t) ? lo - 1 : lo;
}

/** value[i1] − value[i0] (NaN when either is missing). */
export function counterDelta(s: SnapshotSeries, key: string, i0: number, i1: number): number {
  const c = column(s, key);
  return c ? c[i1] - c[i0] : NaN;
}

/** Δcounter / Δt between the samples nearest t0 and t1 (per second); NaN when missing or Δt is 0. */
export function counterRate(s: SnapshotSeries, key: string, t0: number, t1: number): number {
  const i0 = nearestIndex(s.times, t0);
  const i1 = nearestIndex(s.times, t1);
  const dt = s.times[i1] - s.times[i0];
  return dt > 0 ? counterDelta(s, key, i0, i1) / dt : NaN;
}

/** The sample period: span / (samples − 1). */
export function samplePeriod(s: SnapshotSeries): number {
  const n = s.times.length;
  return n > 1 ? (s.times[n - 1] - s.times[0]) / (n - 1) : NaN;
}

/** Highest rate over sliding windows of `windowS` seconds (rounded to whole samples); NaN when no window fits. */
export function peakRate(s: SnapshotSeries, key: string, windowS = 1): number {
  const c = column(s, key);
  const n = s.times.length;
  if (!c || n < 2) return NaN;
  const per = Math.max(1, Math.round(windowS / samplePeriod(s)));
  let best = NaN;
  for (let i = per; i < n; i++) {
    const dt = s.times[i] - s.times[i - per];
    const r = (c[i] - c[i - per]) / dt;
    if (dt > 0 && r >= 0 && !(r <= best)) best = r; // a counter going backwards (reset, damage) is no rate
  }
  return best;
}

/** Smallest value of a gauge, ignoring missing samples, over the samples at t0 ≤ time ≤ t1 (default: all); NaN when none. */
export function minValue(s: SnapshotSeries, key: string, t0 = -Infinity, t1 = Infinity): number {
  const c = s.columns.get(key);
  let m = NaN;
  if (c) c.forEach((v, i) => { if (s.times[i] >= t0 && s.times[i] <= t1 && !Number.isNaN(v) && !(v >= m)) m = v; });
  return m;
}

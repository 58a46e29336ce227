// Min-max decimation: per pixel-wide time bucket keep the lowest and highest sample (in time order), so peaks
// survive and a 200k-point series draws as a few thousand points. Works on a visible time range.

export interface Point {
  x: number;
  y: number;
}

/** First index with t[i] >= x (t ascending). */
export function lowerBound(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Points of (t, y) within [t0, t1] plus one neighbour on each side (so lines reach the edges), at most
 * 2 per bucket + 2. NaN samples are skipped (a gap in the data is not a zero).
 */
export function minMaxDecimate(t: ArrayLike<number>, y: ArrayLike<number>, t0: number, t1: number, buckets: number): Point[] {
  const n = Math.min(t.length, y.length);
  if (n === 0 || !(t1 > t0)) return [];
  const start = Math.max(0, lowerBound(t, t0) - 1);
  let last = lowerBound(t, t1);
  while (last < n && t[last] <= t1) last++;
  const end = Math.min(n, last + 1); // exclusive, one past the right neighbour
  const out: Point[] = [];
  const nb = Math.max(1, Math.floor(buckets));
  if (end - start <= 2 * nb) {
    for (let i = start; i < end; i++) if (!Number.isNaN(y[i])) out.push({ x: t[i], y: y[i] });
    return out;
  }
  const width = (t1 - t0) / nb;
  let i = start;
  while (i < end) {
    const b = Math.min(nb - 1, Math.max(0, Math.floor((t[i] - t0) / width)));
    // Samples before t0 or after t1 (the neighbours) form their own buckets so they don't widen the edge ones.
    const outside = t[i] < t0 || t[i] > t1;
    let lo = -1;
    let hi = -1;
    let j = i;
    for (; j < end; j++) {
      const tj = t[j];
      if (j > i && (outside || tj < t0 || tj > t1 || Math.min(nb - 1, Math.floor((tj - t0) / width)) !== b)) break;
      const v = y[j];
      if (Number.isNaN(v)) continue;
      if (lo < 0 || v < y[lo]) lo = j;
      if (hi < 0 || v > y[hi]) hi = j;
    }
    if (lo >= 0) {
      const a = Math.min(lo, hi);
      const c = Math.max(lo, hi);
      out.push({ x: t[a], y: y[a] });
      if (c !== a) out.push({ x: t[c], y: y[c] });
    }
    i = j;
  }
  return out;
}

// Interval arithmetic over the trace summary's timelines (kswapd awake / on-CPU, reclaim slices).
import type { Capture, Intervals } from '../capture/types';

/** Seconds of the intervals that fall inside [t0, t1]. */
export function overlapS(iv: Intervals, t0: number, t1: number): number {
  let sum = 0;
  for (let i = 0; i < iv.start.length; i++) {
    const a = Math.max(iv.start[i], t0);
    const b = Math.min(iv.end[i], t1);
    if (b > a) sum += b - a;
  }
  return sum;
}

/** The share of [a, b] that `iv` (ascending, disjoint: one CPU's idle task) covers, from index `k` on; returns the share
 *  and the index of the first interval that may reach past b, where the next, later span's call starts (a walk over
 *  consecutive spans reads each interval about once, where overlapS reads them all per span). */
export function coveredShare(iv: Intervals, a: number, b: number, k: number): [number, number] {
  while (k < iv.end.length && iv.end[k] <= a) k++;
  let sum = 0;
  for (let j = k; j < iv.start.length && iv.start[j] < b; j++) sum += Math.min(b, iv.end[j]) - Math.max(a, iv.start[j]);
  return [sum / (b - a), k];
}

/** Whether `t` falls in one of `iv`'s intervals (ascending, disjoint), [start, end): a binary search. */
export function inside(iv: Intervals | undefined, t: number): boolean {
  if (!iv || iv.start.length === 0) return false;
  let lo = 0;
  let hi = iv.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (iv.start[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && iv.end[lo - 1] > t;
}

/**
 * kswapd's wakes from sleep (awake intervals that begin) and sleeps (mm_vmscan_kswapd_sleep: intervals that end) in
 * [t0, t1). The one definition every "kswapd wakes/sleeps" figure uses; a kswapd_wake while awake (the next
 * balance_pgdat() run) is no wake from sleep.
 */
export function kswapdWakesSleeps(awake: Intervals, t0: number, t1: number): { wakes: number; sleeps: number } {
  const inSpan = (xs: Float64Array) => xs.reduce((n, x) => n + (x >= t0 && x < t1 ? 1 : 0), 0);
  return { wakes: inSpan(awake.start), sleeps: inSpan(awake.end) };
}

export interface ReclaimTimeline {
  kswapdAwake: Intervals;
  kswapdOnCpu: Intervals;
  directReclaim: Intervals;
  memcgReclaim: Intervals;
}

/** The trace's timelines on the capture clock, or null without a trace. */
export function reclaimTimeline(c: Capture): ReclaimTimeline | null {
  const t = c.trace;
  if (!t) return null;
  return { kswapdAwake: t.kswapd.awake, kswapdOnCpu: t.kswapd.onCpu, directReclaim: t.directReclaim, memcgReclaim: t.memcgReclaim };
}

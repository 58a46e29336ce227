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

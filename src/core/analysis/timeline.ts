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

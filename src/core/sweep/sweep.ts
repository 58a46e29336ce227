// Runs a sweep's grid points against one parsed capture, sharing the calibrated profile and each baseline run
// between the points that have the same (see ReplayCache); used by the sweep worker threads and by tests.
import type { Capture } from '../capture/types';
import { CancelledError } from '../errors';
import { newReplayCache, replay } from '../replay/replay';
import type { ReplayOptions } from '../replay/types';
import { sweepPoint, type SweepPoint } from './point';
import { type Warning } from '../warnings';

export interface SweepHooks {
  signal?: AbortSignal;
  /** After each point: its index in `points` and its figures. */
  onPoint?: (index: number, point: SweepPoint) => void;
}

/** Replays every point (series off) in order; warnings of the first replay are returned once. */
export async function sweepCapture(capture: Capture, points: ReplayOptions[], hooks: SweepHooks = {}): Promise<{ points: SweepPoint[]; warnings: Warning[] }> {
  const cache = newReplayCache();
  const out: SweepPoint[] = [];
  let warnings: Warning[] = [];
  for (let i = 0; i < points.length; i++) {
    if (hooks.signal?.aborted) throw new CancelledError();
    const r = await replay(capture, { ...points[i], series: false }, { signal: hooks.signal, cache });
    if (i === 0) warnings = r.warnings;
    const p = sweepPoint(r);
    out.push(p);
    hooks.onPoint?.(i, p);
  }
  return { points: out, warnings };
}

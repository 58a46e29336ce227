// The reclaim window (captures/README §5): from the sample just before swap-outs (pswpout + swpout_zero) first rise to
// the last sample where they rise. Without swap activity, pgsteal_anon, then pgsteal_kswapd + pgsteal_direct.
import type { SnapshotSeries } from '../capture/types';
import { column } from './series';

export interface ReclaimWindow {
  i0: number;
  i1: number;
  startS: number;
  endS: number;
  durationS: number;
  /** The counter(s) that defined it. */
  basis: string;
}

export const WINDOW_BASES = ['pswpout+swpout_zero', 'pgsteal_anon', 'pgsteal_kswapd+pgsteal_direct'];

export function reclaimWindow(s: SnapshotSeries): ReclaimWindow | null {
  for (const basis of WINDOW_BASES) {
    const c = column(s, basis);
    if (!c) continue;
    let first = -1;
    let last = -1;
    for (let i = 1; i < c.length; i++) {
      if (c[i] - c[i - 1] > 0) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) continue;
    const i0 = first - 1;
    const startS = s.times[i0];
    const endS = s.times[last];
    return { i0, i1: last, startS, endS, durationS: endS - startS, basis };
  }
  return null;
}

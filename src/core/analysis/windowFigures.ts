// The capture's figures over a part of its reclaim window: what calibration reads when it may only see that part
// (replay's held-out validation calibrates on the first half and tests on the second).
import type { Capture } from '../capture/types';
import { kswapdCpu } from './kswapdCpu';
import { windowRates } from './rates';
import { nearestIndex } from './series';
import type { CaptureFigures } from './types';

/**
 * `f` with its window, rates and kswapd CPU recomputed over the vmstat samples nearest [startS, endS] (capture
 * clock, seconds). Throws when the span holds fewer than two samples. Slices, events and zram stay whole-capture.
 */
export function figuresInWindow(c: Capture, f: CaptureFigures, startS: number, endS: number): CaptureFigures {
  const s = c.vmstat;
  if (!s) throw new Error('no /proc/vmstat series to cut a window from');
  const i0 = nearestIndex(s.times, startS);
  const i1 = nearestIndex(s.times, endS);
  if (i1 <= i0) throw new Error(`no two /proc/vmstat samples in ${startS.toFixed(1)}–${endS.toFixed(1)} s`);
  const w = { i0, i1, startS: s.times[i0], endS: s.times[i1], durationS: s.times[i1] - s.times[i0], basis: 'part' };
  const r = windowRates(s, w);
  return {
    ...f,
    window: { startS: w.startS, endS: w.endS, durationS: Math.round(w.durationS * 1000) / 1000, clock: c.clock, firstSampleS: s.times[0] },
    rates: r.rates,
    kswapd: { ...f.kswapd, ...kswapdCpu(c, w.startS, w.endS) },
    warnings: [...f.warnings, ...r.warnings],
  };
}

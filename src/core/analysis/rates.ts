// Window-average and peak 1-second rates of the reclaim counters.
import type { SnapshotSeries } from '../capture/types';
import { counterDelta, peakRate } from './series';
import type { ReclaimWindow } from './window';
import { warning, type Warning } from '../warnings';

export const RATE_KEYS = ['pgscan_anon', 'pgsteal_anon', 'pgscan_file', 'pgsteal_file', 'pgscan_kswapd', 'pgsteal_kswapd',
  'pgscan_direct', 'pgsteal_direct', 'pswpout', 'swpout_zero', 'pswpin', 'swpin_zero', 'workingset_refault_anon',
  'workingset_refault', 'allocstall', 'pgmajfault', 'pageoutrun', 'pgrefill', 'pgactivate', 'pgdeactivate'];

const round1 = (x: number) => Math.round(x * 10) / 10;

export interface RateFigures {
  rates: Record<string, number>;
  peakRates: Record<string, number>;
  warnings: Warning[];
}

export function windowRates(s: SnapshotSeries, w: ReclaimWindow | null, keys = RATE_KEYS): RateFigures {
  const rates: Record<string, number> = {};
  const peakRates: Record<string, number> = {};
  const warnings: Warning[] = [];
  for (const k of keys) {
    if (!s.columns.has(k)) continue;
    if (w) {
      const r = counterDelta(s, k, w.i0, w.i1) / (w.endS - w.startS);
      if (Number.isFinite(r) && r >= 0) rates[k] = round1(r);
      else warnings.push(warning('analysis.rate-unavailable', `rate of ${k} unavailable (${r < 0 ? 'the counter went backwards across the window' : 'missing at a window edge'})`, s.source));
    }
    const p = peakRate(s, k, 1);
    if (Number.isFinite(p)) peakRates[k] = round1(p);
  }
  return { rates, peakRates, warnings };
}

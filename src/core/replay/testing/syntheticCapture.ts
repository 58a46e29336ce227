// Test helper: small hand-made captures whose demand is known exactly — /proc/vmstat snapshots every 100 ms in
// which the tasks take `demandPagesPerS` from the free pool, with zone watermarks and optional memcg reclaim.
import type { Capture, SnapshotSeries } from '../../capture/types';

export interface SyntheticSpec {
  seconds: number;
  /** Pages per second the tasks take from the free pool (net of their frees). */
  demandPagesPerS: number;
  initialFreePages?: number;
  watermarks?: { min: number; low: number; high: number };
  /** Pages per second reclaimed by memcg reclaim in the tasks' context (counted only in pgsteal_anon). */
  memcgPagesPerS?: number;
}

export function syntheticCapture(spec: SyntheticSpec, root = 'synthetic'): Capture {
  const n = Math.round(spec.seconds * 10) + 1;
  const wm = spec.watermarks ?? { min: 4000, low: 100_000, high: 120_000 };
  const free0 = spec.initialFreePages ?? wm.low + 20_000;
  const times = Float64Array.from({ length: n }, (_, i) => 100 + i / 10);
  const cols: Record<string, Float64Array> = {
    nr_free_pages: new Float64Array(n), pgsteal_anon: new Float64Array(n), pgscan_anon: new Float64Array(n),
    pgsteal_kswapd: new Float64Array(n), pgsteal_direct: new Float64Array(n), pswpout: new Float64Array(n),
    swpout_zero: new Float64Array(n), nr_inactive_anon: new Float64Array(n), nr_active_anon: new Float64Array(n),
  };
  const memcg = spec.memcgPagesPerS ?? 0;
  for (let i = 0; i < n; i++) {
    // Without reclaim in the capture, free memory falls by the demand (kept ≥ 0: the capture ends first in tests).
    cols.nr_free_pages[i] = Math.max(0, free0 - (spec.demandPagesPerS * i) / 10);
    cols.pgsteal_anon[i] = (memcg * i) / 10;
    cols.pgscan_anon[i] = (memcg * i) / 10 / 0.5;
    cols.pswpout[i] = (memcg * i * 0.8) / 10;
    cols.swpout_zero[i] = (memcg * i * 0.2) / 10;
    cols.nr_inactive_anon[i] = 1e9;
  }
  const vmstat: SnapshotSeries = {
    source: `${root}/vmstat`, times, columns: new Map(Object.entries(cols)),
    counters: new Set(['pgsteal_anon', 'pgscan_anon', 'pgsteal_kswapd', 'pgsteal_direct', 'pswpout', 'swpout_zero']), resets: [],
  };
  return {
    root, sources: [], warnings: [], clock: 'mono', vmstat,
    zones: [{ node: 0, name: 'Normal', managedPages: 4_000_000, min: wm.min, low: wm.low, high: wm.high }],
  };
}

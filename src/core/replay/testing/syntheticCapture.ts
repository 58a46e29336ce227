// Test helper: small hand-made captures whose demand is known exactly — /proc/vmstat snapshots every 100 ms in
// which the tasks take `demandPagesPerS` from the free pool until it reaches a floor, after which the device's kswapd
// gives back as much as they take; zone watermarks and optional memcg reclaim.
import type { Capture, SnapshotSeries, Zone } from '../../capture/types';

/** zsmalloc pages per reclaimed page: 80 % non-zero pages at a 2:1 ratio. */
const ZS_PER_PAGE = 0.4;

export interface SyntheticSpec {
  seconds: number;
  /** Pages per second the tasks take from the free pool (net of their frees). */
  demandPagesPerS: number;
  initialFreePages?: number;
  /** Free pages the device's kswapd held once reached (default: the low watermark). */
  floorPages?: number;
  watermarks?: { min: number; low: number; high: number };
  /** The node's zones (default: one Normal zone with `watermarks`). */
  zones?: Zone[];
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
    swpout_zero: new Float64Array(n), nr_zspages: new Float64Array(n), nr_inactive_anon: new Float64Array(n), nr_active_anon: new Float64Array(n),
  };
  const memcg = spec.memcgPagesPerS ?? 0;
  const floor = Math.min(free0, spec.floorPages ?? wm.low);
  for (let i = 0; i < n; i++) {
    const taken = (spec.demandPagesPerS * i) / 10;
    cols.nr_free_pages[i] = Math.max(floor, free0 - taken);
    // kswapd also covers zram's own growth: zsmalloc takes ZS_PER_PAGE of a page per page it reclaims.
    const kswapd = Math.max(0, taken - (free0 - floor)) / (1 - ZS_PER_PAGE);
    const anon = kswapd + (memcg * i) / 10;
    cols.nr_zspages[i] = kswapd * ZS_PER_PAGE;
    cols.pgsteal_kswapd[i] = kswapd;
    cols.pgsteal_anon[i] = anon;
    // One folio scanned in the first interval: reclaim had aged the LRU before the capture began, so the replay's
    // list holds no young PTEs at the start (workloadFromCapture's lruYoungShareAtStart 0) and reclaim is steady at once.
    cols.pgscan_anon[i] = anon / 0.5 + (i > 0 && spec.demandPagesPerS + memcg > 0 ? 1 : 0);
    cols.pswpout[i] = anon * 0.8;
    cols.swpout_zero[i] = anon * 0.2;
    cols.nr_inactive_anon[i] = 1e9;
  }
  const vmstat: SnapshotSeries = {
    source: `${root}/vmstat`, times, columns: new Map(Object.entries(cols)),
    counters: new Set(['pgsteal_anon', 'pgscan_anon', 'pgsteal_kswapd', 'pgsteal_direct', 'pswpout', 'swpout_zero']), resets: [],
  };
  return {
    root, sources: [], warnings: [], clock: 'mono', vmstat,
    zones: spec.zones ?? [{ node: 0, name: 'Normal', managedPages: 4_000_000, min: wm.min, low: wm.low, high: wm.high }],
  };
}

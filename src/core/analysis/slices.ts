// Count, total and p50/p99 duration of reclaim slices (direct or memcg), percentiles as sorted[floor(n·q)], and the
// pages they reclaimed (mm_vmscan_direct_reclaim_end / memcg_reclaim_end nr_reclaimed).
import type { ReclaimSlices } from '../capture/types';
import type { SliceStats } from './types';

const round1 = (x: number) => Math.round(x * 10) / 10;

export function sliceStats(s: ReclaimSlices | undefined): SliceStats {
  const n = s?.start.length ?? 0;
  if (!s || n === 0) return { count: 0, totalMs: 0, p50Us: 0, p99Us: 0, reclaimedPages: null };
  const d = new Float64Array(n);
  let total = 0;
  let reclaimed: number | null = null;
  for (let i = 0; i < n; i++) {
    d[i] = s.end[i] - s.start[i];
    total += d[i];
    if (Number.isFinite(s.nrReclaimed[i])) reclaimed = (reclaimed ?? 0) + s.nrReclaimed[i];
  }
  d.sort();
  return {
    count: n, totalMs: Math.round(total * 1e6) / 1e3, p50Us: round1(d[Math.floor(n / 2)] * 1e6), p99Us: round1(d[Math.floor(n * 0.99)] * 1e6),
    reclaimedPages: reclaimed,
  };
}

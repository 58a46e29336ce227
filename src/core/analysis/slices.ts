// Count, total and p50/p99 duration of reclaim slices (direct or memcg), percentiles as sorted[floor(n·q)].
import type { ReclaimSlices } from '../capture/types';
import type { SliceStats } from './types';

const round1 = (x: number) => Math.round(x * 10) / 10;

export function sliceStats(s: ReclaimSlices | undefined): SliceStats {
  const n = s?.start.length ?? 0;
  if (!s || n === 0) return { count: 0, totalMs: 0, p50Us: 0, p99Us: 0 };
  const d = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    d[i] = s.end[i] - s.start[i];
    total += d[i];
  }
  d.sort();
  return { count: n, totalMs: round1(total * 1e3), p50Us: round1(d[Math.floor(n / 2)] * 1e6), p99Us: round1(d[Math.floor(n * 0.99)] * 1e6) };
}

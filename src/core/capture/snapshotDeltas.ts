// A before/after pair of single /proc/vmstat snapshots in two files (`cat /proc/vmstat > before.txt; …; > after.txt`):
// no series, but the counter changes between them are still the answer people want. Which is "after" is told by the
// counters (event counters only grow), not by the file names.
import type { SnapshotSeries, VmstatDeltas } from './types';

/** The deltas from the earlier snapshot to the later, or null when the two cannot be ordered by their counters. */
export function snapshotDeltas(a: SnapshotSeries, b: SnapshotSeries): VmstatDeltas | null {
  let aFirst = 0;
  let bFirst = 0;
  for (const k of a.counters) {
    const va = a.columns.get(k)?.[0];
    const vb = b.columns.get(k)?.[0];
    if (va === undefined || vb === undefined || !Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (vb > va) aFirst++;
    else if (va > vb) bFirst++;
  }
  if (aFirst === bFirst) return null;
  const [from, to] = aFirst > bFirst ? [a, b] : [b, a];
  const deltas: Record<string, number> = Object.create(null);
  const backwards: string[] = [];
  for (const k of [...from.counters].sort()) {
    const d = (to.columns.get(k)?.[0] ?? NaN) - (from.columns.get(k)?.[0] ?? NaN);
    if (!Number.isFinite(d)) continue;
    if (d < 0) backwards.push(k);
    else deltas[k] = d;
  }
  const dt = to.times[0] - from.times[0];
  const timed = from.times.length === 1 && to.times.length === 1 && dt > 0 && from.timed && to.timed;
  return { from: from.source, to: to.source, intervalUnknown: !timed, intervalS: timed ? dt : null, deltas, backwards };
}

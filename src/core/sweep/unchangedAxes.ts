// Which swept axes moved no figure, and why, from the points' own counters: a grid whose 8 worker counts give 8
// identical rows should say so rather than leave the reader to compare them (trial13 F23).
import { appliesTo, type SweepAxes } from './grid';
import type { SweepPoint } from './point';
import type { Variant } from '../vocabulary';

type Axis = keyof SweepPoint['options'];
const AXES: Axis[] = ['kcompressd', 'queue', 'cpus', 'algorithm', 'profile'];

/** The figures a point shows (the busiest worker, not the mean, which divides by the worker count): two points with the
 *  same are the same replay as far as the table can tell. */
const figures = (p: SweepPoint): string => JSON.stringify([p.pgstealAnonPerS, p.allocstalls, p.kswapdCpuPct, p.workerBusyPct.max, p.fallbackSyncPct]);

/** Why `axis` changed nothing across `points` (all of which had it), from their counters. */
function reason(axis: Axis, points: SweepPoint[]): string {
  // Only the busiest worker ran when it did all the work: max = mean × workers (each rounded to 0.1 %).
  const oneWorkerRan = points.every((p) => p.workerBusyPct.max > 0 && Math.abs(p.workerBusyPct.max - p.workerBusyPct.mean * p.options.kcompressd) <= 0.1 * p.options.kcompressd);
  const neverFull = points.every((p) => !p.fallbackSyncPct);
  if (axis === 'kcompressd' && oneWorkerRan && neverFull) {
    return 'one worker did all the compression at every point and its FIFO never filled (-EBUSY 0 %): first fit queues to worker 0 until it is full, so the other workers never ran';
  }
  if (axis === 'queue' && neverFull) return 'no FIFO ever filled (-EBUSY fallback 0 % at every point), so a deeper one held nothing more';
  return 'every point gave the same figures whatever its value';
}

/**
 * The swept axes (more than one value) along which no figure moved: for each, points that differ only in that axis
 * gave identical figures, with the reason their counters show. mm points are left out of the worker and queue axes
 * (their design fixes both).
 */
export function unchangedAxes(axes: SweepAxes, points: SweepPoint[]): { axis: Axis; values: (string | number)[]; why: string }[] {
  const out: { axis: Axis; values: (string | number)[]; why: string }[] = [];
  for (const axis of AXES) {
    const values = axes[axis as keyof SweepAxes];
    if (!values || values.length < 2) continue;
    const having = points.filter((p) => axis !== 'kcompressd' && axis !== 'queue' ? true : appliesTo(p.options.variant as Variant, axis));
    const groups = new Map<string, SweepPoint[]>();
    for (const p of having) {
      const key = JSON.stringify({ ...p.options, [axis]: null });
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const compared = [...groups.values()].filter((g) => g.length > 1);
    if (compared.length > 0 && compared.every((g) => g.every((p) => figures(p) === figures(g[0])))) out.push({ axis, values, why: reason(axis, having) });
  }
  return out;
}

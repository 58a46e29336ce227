// Puts every source on one capture clock. Snapshot samples stamped with t_mono define it; wall-clock sources join
// through t_epoch − t_mono; a trace is taken as mono when its timestamps fall inside the snapshot span (the shared
// captures use trace_clock=mono), otherwise it is shifted so its first reclaim event meets the first snapshot whose
// scan counters move, and a warning says so.
import type { Clock } from './seriesBuilder';
import type { Intervals, SnapshotSeries, TraceSummary } from './types';
import { warning, type Warning } from '../warnings';

export function shiftTimes(a: Float64Array, dt: number): void {
  for (let i = 0; i < a.length; i++) a[i] += dt;
}

function shiftIntervals(iv: Intervals, dt: number): void {
  shiftTimes(iv.start, dt);
  shiftTimes(iv.end, dt);
}

export function shiftTrace(t: TraceSummary, dt: number): void {
  t.firstTs += dt;
  t.lastTs += dt;
  shiftIntervals(t.kswapd.awake, dt);
  shiftIntervals(t.kswapd.onCpu, dt);
  shiftIntervals(t.directReclaim, dt);
  shiftIntervals(t.memcgReclaim, dt);
  for (const w of Object.values(t.writeFolio ?? {})) {
    w.firstTs += dt;
    w.lastTs += dt;
  }
}

export interface ClockedSeries {
  name: string;
  times: Float64Array;
  clock: Clock;
  epochMinusMono?: number;
}

/** Converts series to a common clock in place; returns that clock and the warnings. */
export function alignSeries(all: ClockedSeries[]): { clock: Clock; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const offset = all.find((s) => s.epochMinusMono !== undefined)?.epochMinusMono;
  const hasMono = all.some((s) => s.clock === 'mono');
  const clock: Clock = hasMono ? 'mono' : all.some((s) => s.clock === 'epoch') ? 'epoch' : 'relative';
  for (const s of all) {
    if (s.clock === 'epoch' && clock === 'mono') {
      if (offset !== undefined) {
        shiftTimes(s.times, -offset);
      } else {
        warnings.push(warning('align.wall-clock', 'wall-clock times and no t_epoch/t_mono pair to convert them; aligned its first sample to the capture start', s.name));
        alignStart(s, all);
      }
    } else if (s.clock === 'relative' && clock !== 'relative' && s.times.length > 1) {
      warnings.push(warning('align.untimed', 'no timestamps; its first sample is aligned to the capture start', s.name));
      alignStart(s, all);
    }
    s.clock = clock;
  }
  return { clock, warnings };
}

function alignStart(s: ClockedSeries, all: ClockedSeries[]): void {
  const ref = all.find((o) => o !== s && o.clock !== 'relative' && o.clock !== s.clock && o.times.length > 0);
  if (ref && s.times.length > 0) shiftTimes(s.times, ref.times[0] - s.times[0]);
}

/** Time of the first sample where any of `keys` increases, or undefined. */
export function firstIncrease(s: SnapshotSeries, keys: string[]): number | undefined {
  for (let i = 1; i < s.times.length; i++) {
    for (const k of keys) {
      const c = s.columns.get(k);
      if (c && c[i] > c[i - 1]) return s.times[i - 1];
    }
  }
  return undefined;
}

function firstReclaimTs(t: TraceSummary): number {
  const starts = [t.kswapd.awake.start[0], t.directReclaim.start[0], t.memcgReclaim.start[0]].filter((x) => x !== undefined);
  return starts.length > 0 ? Math.min(...starts) : t.firstTs;
}

/** Puts the trace on the snapshot clock (see the file comment). */
export function alignTrace(trace: TraceSummary, clock: Clock, vmstat: SnapshotSeries | undefined, span: [number, number] | undefined):
  Warning[] {
  if (!span || !vmstat) return [];
  const slack = Math.max(2, 0.05 * (span[1] - span[0]));
  if (clock === 'mono' && trace.firstTs >= span[0] - slack && trace.lastTs <= span[1] + slack) return [];
  const snapT = firstIncrease(vmstat, ['pgscan_kswapd', 'pgscan_direct', 'pgscan_anon', 'pgscan_file']);
  if (snapT === undefined) {
    return [warning('align.trace-unaligned', 'trace times do not fall inside the snapshot span and no reclaim shows in the snapshots to align on; trace left on its own clock', trace.source)];
  }
  const dt = snapT - firstReclaimTs(trace);
  shiftTrace(trace, dt);
  return [warning('align.trace-shifted', `trace clock is not the snapshot clock; aligned its first reclaim event to the first snapshot where pgscan rises (shift ${dt.toFixed(3)} s)`, trace.source)];
}

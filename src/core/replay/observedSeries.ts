// The capture's own curves on the replay's time base (bins of binNs from the workload's origin), so every chart can
// draw what the device measured beside what the model simulated. A figure the capture did not measure is left out.
import type { Capture, Intervals } from '../capture/types';
import { interpolate } from '../analysis/interpolate';
import { overlapS } from '../analysis/timeline';
import { reclaimWindow } from '../analysis/window';
import { sliceCpuSeconds } from '../profiles/sliceCosts';
import { counted, warning, type Warning } from '../warnings';

export { interpolate } from '../analysis/interpolate';

const MiB = 1 << 20;

export interface TimeBase {
  /** Capture-clock time of replay t = 0, s. */
  originS: number;
  binNs: number;
  bins: number;
}

/** Compressed bytes zram must hold before its orig/compr ratio is shown. */
export const MIN_RATIO_COMPR_BYTES = MiB;

/**
 * One thread runs at most one core: a per-bin share above 100 % is sampling jitter (the schedstat sample times are
 * not the bin edges) and is clamped to 100, with a warning saying how many bins.
 */
/** Float error of a bin's share interpolated from held samples, %: below it a bin is at 100 %, not above it. */
const ROUNDING_PCT = 1e-6;

export function clampToOneCore(pct: Float64Array, warnings: Warning[]): Float64Array {
  let n = 0;
  let worst = 0;
  for (let i = 0; i < pct.length; i++) {
    if (pct[i] <= 100) continue;
    // A bin a rounding error over (100.0000000007 % on the demo, whose samples the parser held at one core) is 100 %.
    if (pct[i] > 100 + ROUNDING_PCT) {
      n++;
      worst = Math.max(worst, pct[i]);
    }
    pct[i] = 100;
  }
  if (n > 0) warnings.push(warning('observed.cpu-clamped', `observed kswapd CPU: ${counted(n, 'bin')} above one core (up to ${worst.toFixed(1)} %, sampling jitter of the CPU-time samples against the bins) shown as 100 %`));
  return pct;
}

/** A gauge at each bin's end (the instant the simulated series is sampled). */
function gauge(b: TimeBase, times: Float64Array, values: Float64Array, scale = 1): Float64Array {
  const binS = b.binNs / 1e9;
  return Float64Array.from({ length: b.bins }, (_, i) => interpolate(times, values, b.originS + (i + 1) * binS) * scale);
}

/** A counter's increase over each bin (× perS: per second), from the linearly interpolated counter. */
function perBin(b: TimeBase, times: Float64Array, values: Float64Array, perS: boolean, scale = 1): Float64Array {
  const binS = b.binNs / 1e9;
  const at = (i: number) => interpolate(times, values, b.originS + i * binS);
  return Float64Array.from({ length: b.bins }, (_, i) => ((at(i + 1) - at(i)) / (perS ? binS : 1)) * scale);
}

/** Seconds of intervals in each bin, × scale; NaN outside [from, to] (the span the trace covered). */
function busy(b: TimeBase, iv: Intervals, from: number, to: number, scale: number): Float64Array {
  const binS = b.binNs / 1e9;
  return Float64Array.from({ length: b.bins }, (_, i) => {
    const t0 = b.originS + i * binS;
    const t1 = t0 + binS;
    return t0 < from || t1 > to ? NaN : overlapS(iv, t0, t1) * scale;
  });
}

/**
 * The reclaimer's CPU per bin, % of one core: kswapd's plus the tasks' time in direct and memcg reclaim slices, each
 * kind's slice wall time (ms per bin) × its on-CPU share over the reclaim window (sliceCpuSeconds: sched_switch, else
 * perf's samples in try_to_free_pages/try_to_free_mem_cgroup_pages), so a slice's run-queue waits are not counted —
 * as the headline's reclaimer CPU reads the slices.
 */
function reclaimerCpuPct(c: Capture, kswapdPct: Float64Array, directMs: Float64Array, memcgMs: Float64Array, b: TimeBase): Float64Array {
  const t = c.trace!;
  // Over the reclaim window where the trace covers it (perf's profile may span no more than that), else the trace.
  const w = c.vmstat && reclaimWindow(c.vmstat);
  const [a, z] = w && w.startS < t.lastTs && w.endS > t.firstTs ? [Math.max(w.startS, t.firstTs), Math.min(w.endS, t.lastTs)] : [t.firstTs, t.lastTs];
  const share = (kind: 'direct' | 'memcg') => {
    const wallS = overlapS(kind === 'memcg' ? t.memcgReclaim : t.directReclaim, a, z);
    return wallS > 0 ? Math.min(1, sliceCpuSeconds(c, kind, a, z).s / wallS) : 0;
  };
  const [direct, memcg] = [share('direct'), share('memcg')];
  const pctPerMs = (100 / b.binNs) * 1e6;
  return Float64Array.from(kswapdPct, (k, i) => k + (directMs[i] * direct + memcgMs[i] * memcg) * pctPerMs);
}

/**
 * Per bin, the capture's freePages (pages), pgstealAnonPerS and pgscanAnonPerS (pages/s), allocstalls (per bin),
 * kswapdCpuPct (% of one core: schedstat series, else sched_switch), directReclaimMs, memcgReclaimMs and
 * kcompressdBusyPct (trace slices), reclaimerCpuPct (kswapd's and the slices' on-CPU time), zramMemUsedMiB and
 * zramRatio (mm_stat; NaN while under MIN_RATIO_COMPR_BYTES are stored). Keys match the simulated series'. Bins whose kswapd CPU exceeds one core are clamped, with a line in `warnings`.
 */
export function observedSeries(c: Capture, b: TimeBase, warnings: Warning[] = []): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  const v = c.vmstat;
  if (v && v.times.length > 1) {
    const col = (k: string) => v.columns.get(k);
    const free = col('nr_free_pages');
    if (free) out.freePages = gauge(b, v.times, free);
    for (const [key, name, perS] of [['pgsteal_anon', 'pgstealAnonPerS', true], ['pgscan_anon', 'pgscanAnonPerS', true], ['allocstall', 'allocstalls', false]] as const) {
      const c = col(key);
      if (c) out[name] = perBin(b, v.times, c, perS);
    }
  }
  const task = c.taskCpu?.find((t) => t.comm.startsWith('kswapd') && t.times.length > 1);
  const t = c.trace;
  const traceSpan = t ? [t.firstTs, t.lastTs] as const : undefined;
  if (task) out.kswapdCpuPct = clampToOneCore(perBin(b, task.times, task.sumExecNs, true, 100 / 1e9), warnings);
  else if (t && traceSpan && (t.events.sched_switch ?? 0) > 0) out.kswapdCpuPct = busy(b, t.kswapd.onCpu, ...traceSpan, (100 / b.binNs) * 1e9);
  // Any vmscan event: the vmscan tracepoints were on, so no direct or memcg reclaim slice means none happened.
  if (t && traceSpan && Object.keys(t.events).some((e) => e.startsWith('mm_vmscan_'))) {
    out.directReclaimMs = busy(b, t.directReclaim, ...traceSpan, 1000);
    out.memcgReclaimMs = busy(b, t.memcgReclaim, ...traceSpan, 1000);
    if (out.kswapdCpuPct) out.reclaimerCpuPct = reclaimerCpuPct(c, out.kswapdCpuPct, out.directReclaimMs, out.memcgReclaimMs, b);
  }
  if (t && traceSpan && t.kcompressdOnCpu && t.kcompressdOnCpu.start.length > 0) {
    out.kcompressdBusyPct = busy(b, t.kcompressdOnCpu, ...traceSpan, (100 / b.binNs) * 1e9);
  }
  const mm = c.zramMmStat;
  if (mm && mm.times.length > 0) {
    const used = mm.columns.get('mem_used_total');
    if (used) out.zramMemUsedMiB = gauge(b, mm.times, used, 1 / MiB);
    const orig = mm.columns.get('orig_data_size');
    const compr = mm.columns.get('compr_data_size');
    if (orig && compr) {
      const stored = gauge(b, mm.times, compr);
      // A few stored pages give orig/compr of 64 (zero-filled) or noise: no ratio until zram holds a meaningful amount.
      out.zramRatio = Float64Array.from(gauge(b, mm.times, orig), (o, i) => (stored[i] >= MIN_RATIO_COMPR_BYTES ? o / stored[i] : NaN));
    }
  }
  return out;
}

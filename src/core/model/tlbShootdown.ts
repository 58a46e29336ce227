// The TLB shootdown after unmapping anon folios: arch_tlbbatch_flush() → native_flush_tlb_multi() →
// on_each_cpu_cond_mask(should_flush_tlb, …) IPIs only the CPUs in the batch's mm_cpumask that are not in lazy TLB
// mode; an idle CPU is lazy (enter_lazy_tlb()), so it is skipped and costs nothing. The cost per unmapped page is
// therefore the IPI round trip times the chance that the other CPU is busy, which cpu_stat records for every span.
import { interpolate } from '../analysis/interpolate';
import { firstIndexAtOrAfter } from '../analysis/series';
import { CPU_BUSY, CPU_IDLE, onlineCpus } from '../capture/cpuStat';
import type { Capture } from '../capture/types';

/** The share of time the IPI targets were busy, per cpu_stat interval. */
export interface IpiTargetsBusy {
  /** Interval ends, ns since the replay's origin (ascending); interval k covers (atNs[k-1], atNs[k]]. */
  atNs: Float64Array;
  /** 0–1: the mean non-idle share of the CPUs other than the least idle one (the reclaimer's). */
  busy: Float64Array;
}

/** Per cpu_stat interval (capture clock, s), the busy share of the CPUs the reclaimer's shootdown IPIs go to; undefined
 *  with fewer than two online CPUs or no cpu_stat. The reclaimer's CPU is taken to be the least idle one (/proc/stat
 *  does not say where it ran); the others are its IPI targets. */
function targetIntervals(capture: Capture): { endS: Float64Array; startS: Float64Array; busy: Float64Array } | undefined {
  const cs = capture.cpuStat;
  if (!cs || cs.times.length < 2) return undefined;
  const cpus = onlineCpus(cs, 0, cs.times.length - 1);
  if (cpus.length < 2) return undefined;
  const busyCols = cpus.map((c) => cs.columns.get(c + CPU_BUSY)!);
  const idleCols = cpus.map((c) => cs.columns.get(c + CPU_IDLE)!);
  const n = cs.times.length - 1;
  const startS = new Float64Array(n);
  const endS = new Float64Array(n);
  const busy = new Float64Array(n);
  const idleShare = new Float64Array(cpus.length);
  let m = 0;
  for (let i = 1; i <= n; i++) {
    let online = 0;
    for (let c = 0; c < cpus.length; c++) {
      const di = idleCols[c][i] - idleCols[c][i - 1];
      const db = busyCols[c][i] - busyCols[c][i - 1];
      // A CPU offline (or a counter reset) in this interval is not a target.
      if (di >= 0 && db >= 0 && di + db > 0) idleShare[online++] = di / (di + db);
    }
    if (online < 2) continue;
    const shares = Array.from(idleShare.subarray(0, online)).sort((a, b) => a - b);
    let idle = 0;
    for (let k = 1; k < online; k++) idle += shares[k];
    startS[m] = cs.times[i - 1];
    endS[m] = cs.times[i];
    busy[m++] = 1 - idle / (online - 1);
  }
  return m === 0 ? undefined : { startS: startS.subarray(0, m), endS: endS.subarray(0, m), busy: busy.subarray(0, m) };
}

/** The IPI targets' busy share over the capture, on the replay's time base (`originS`: capture-clock time of t = 0). */
export function ipiTargetsBusyOf(capture: Capture, originS: number): IpiTargetsBusy | undefined {
  const iv = targetIntervals(capture);
  if (!iv) return undefined;
  return { atNs: Float64Array.from(iv.endS, (t) => Math.round((t - originS) * 1e9)), busy: Float64Array.from(iv.busy) };
}

/**
 * The IPI targets' busy share over `span` (capture clock, s), weighted by the anon pages reclaimed in each interval
 * (vmstat pgsteal_anon; by time when the capture has none): the share a profile calibrated on that span saw, which
 * its tlbFlushNs per page includes. Undefined without cpu_stat on two or more CPUs over the span.
 */
export function ipiTargetsBusyOver(capture: Capture, span: { startS: number; endS: number }): number | undefined {
  const iv = targetIntervals(capture);
  if (!iv) return undefined;
  const vm = capture.vmstat;
  const steal = vm?.columns.get('pgsteal_anon');
  const stolenAt = (t: number) => (vm && steal ? interpolate(vm.times, steal, t) : NaN);
  let sum = 0;
  let weight = 0;
  for (let k = 0; k < iv.busy.length; k++) {
    const a = Math.max(span.startS, iv.startS[k]);
    const z = Math.min(span.endS, iv.endS[k]);
    if (!(z > a)) continue;
    const pages = stolenAt(z) - stolenAt(a);
    const w = Number.isFinite(pages) && steal ? Math.max(0, pages) : z - a;
    sum += iv.busy[k] * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : undefined;
}

/** Below this busy share the calibration sent too few IPIs to measure one's cost: its per-page cost stands. */
export const MIN_CALIBRATED_BUSY = 0.1;

/**
 * TLB-shootdown ns per unmapped page at `nowNs`: the profile's per-page cost (`tlbNs`, measured while its IPI targets
 * were busy `calibratedBusy` of the time) scaled to the targets' busy share then. Without either share the profile's
 * cost stands as measured.
 */
export function tlbShootdownNs(tlbNs: number, calibratedBusy: number | undefined, targets: IpiTargetsBusy | undefined, nowNs: number): number {
  if (!targets || calibratedBusy === undefined || calibratedBusy < MIN_CALIBRATED_BUSY || tlbNs === 0) return tlbNs;
  // The interval that contains nowNs (the first or last outside the series).
  return (tlbNs / calibratedBusy) * targets.busy[firstIndexAtOrAfter(targets.atNs, nowNs)];
}

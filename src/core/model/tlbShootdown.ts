// The TLB shootdown after unmapping anon folios: arch_tlbbatch_flush() → native_flush_tlb_multi() →
// on_each_cpu_cond_mask(should_flush_tlb, …) IPIs only the CPUs in the batch's mm_cpumask that are not in lazy TLB
// mode. The captures' perf shows the 6.18 VMs still sending the IPI while the other vCPU idles, only cheaper (the
// x2APIC send and the wait for flush_tlb_func() on a halted vCPU): the cost per page is an IPI to a busy target times
// the busy share plus one to an idle target times the rest. calibrate prices the idle one from its own samples
// (tlbIdleCostRatio); the busy share over time comes from cpu_stat, else from the idle task's sched_switch.
import { interpolate } from '../analysis/interpolate';
import { firstIndexAtOrAfter } from '../analysis/series';
import { coveredShare, inside } from '../analysis/timeline';
import { CPU_BUSY, CPU_IDLE, onlineCpus } from '../capture/cpuStat';
import { perfFrameBit } from '../capture/ftrace/perfFrames';
import type { Capture } from '../capture/types';
import { grouped } from '../numberText';
import { kswapdIpisOver, MIN_BIN_FOLIOS } from '../analysis/tlbIpis';

/** The share of time the IPI targets were busy, per cpu_stat interval. */
export interface IpiTargetsBusy {
  /** Interval ends, ns since the replay's origin (ascending); interval k covers (atNs[k-1], atNs[k]]. */
  atNs: Float64Array;
  /** 0–1: the mean non-idle share of the CPUs other than the least idle one (the reclaimer's). */
  busy: Float64Array;
}

type TargetIntervals = { endS: Float64Array; startS: Float64Array; busy: Float64Array };

/** The busy share of the IPI targets given each CPU's idle share per interval (online CPUs only): the reclaimer's CPU
 *  is taken to be the least idle one (neither source says where it ran); the others are its targets. */
function targetsBusy(idleShare: Float64Array, online: number): number {
  const shares = Array.from(idleShare.subarray(0, online)).sort((a, b) => a - b);
  let idle = 0;
  for (let k = 1; k < online; k++) idle += shares[k];
  return 1 - idle / (online - 1);
}

/** Per cpu_stat interval (capture clock, s), the busy share of the CPUs the reclaimer's shootdown IPIs go to; undefined
 *  with fewer than two online CPUs or no cpu_stat. */
function targetIntervals(capture: Capture): TargetIntervals | undefined {
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
    startS[m] = cs.times[i - 1];
    endS[m] = cs.times[i];
    busy[m++] = targetsBusy(idleShare, online);
  }
  return m === 0 ? undefined : { startS: startS.subarray(0, m), endS: endS.subarray(0, m), busy: busy.subarray(0, m) };
}

/** Without cpu_stat: per second of the trace (capture clock), the targets' busy share from each CPU's idle-task
 *  intervals (sched_switch; an idle CPU is in lazy TLB mode). Undefined without them on two or more CPUs. */
function traceTargetIntervals(capture: Capture): TargetIntervals | undefined {
  const t = capture.trace;
  const idle = t?.cpuIdle;
  if (!t || !idle || t.cpus < 2 || !(t.lastTs > t.firstTs)) return undefined;
  const n = Math.ceil(t.lastTs - t.firstTs);
  const startS = new Float64Array(n);
  const endS = new Float64Array(n);
  const busy = new Float64Array(n);
  const idleShare = new Float64Array(t.cpus);
  const at = new Array<number>(t.cpus).fill(0);
  for (let i = 0; i < n; i++) {
    const a = t.firstTs + i;
    const b = Math.min(t.lastTs, a + 1);
    for (let c = 0; c < t.cpus; c++) {
      const iv = idle[c];
      if (!iv) idleShare[c] = 0;
      else [idleShare[c], at[c]] = coveredShare(iv, a, b, at[c]);
    }
    startS[i] = a;
    endS[i] = b;
    busy[i] = targetsBusy(idleShare, t.cpus);
  }
  return { startS, endS, busy };
}

/** The IPI targets' busy share over the capture, on the replay's time base (`originS`: capture-clock time of t = 0):
 *  from cpu_stat, else from the trace's idle-task intervals. */
export function ipiTargetsBusyOf(capture: Capture, originS: number): IpiTargetsBusy | undefined {
  const iv = targetIntervals(capture) ?? traceTargetIntervals(capture);
  if (!iv) return undefined;
  return { atNs: Float64Array.from(iv.endS, (t) => Math.round((t - originS) * 1e9)), busy: Float64Array.from(iv.busy) };
}

/**
 * The IPI targets' busy share over `span` (capture clock, s), weighted by the anon pages reclaimed in each interval
 * (vmstat pgsteal_anon; by time when the capture has none): the share a profile calibrated on that span saw, which
 * its tlbFlushNs per page includes. Undefined without cpu_stat on two or more CPUs over the span.
 */
export function ipiTargetsBusyOver(capture: Capture, span: { startS: number; endS: number }): number | undefined {
  const iv = targetIntervals(capture) ?? traceTargetIntervals(capture);
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

/** The largest standard error of the ratio's logarithm (≈ its relative error) at which it is used: the ±10 % the
 *  held-out figures are held to (issue 8). A few hundred samples beside idle targets price it to ±20 % or worse. */
export const MAX_LOG_RATIO_SE = 0.1;
/** shrink_folio_list()'s own work on an anon folio it swaps out: unmap, swap slot, zram write (not the flush). */
const ANON_WORK = (['try_to_unmap', 'swap_writeout', 'zram_submit_bio', 'add_to_swap', 'folio_alloc_swap'] as const).reduce((m, f) => m | perfFrameBit(f), 0);
const FLUSH = perfFrameBit('arch_tlbbatch_flush');

/**
 * What an IPI to an idle target costs per page, as a share of one to a busy target: the reclaimer's perf samples over
 * `span` (capture clock, s) split by whether the other CPUs were idle at the sample (their idle task's sched_switch
 * intervals), and in each class the odds of arch_tlbbatch_flush() against shrink_folio_list()'s other per-anon-folio
 * work (unmap, swap slot, zram write), which the other CPUs' state does not change. Clamped to [0, 1]. `{ why }`
 * without sample CPUs or idle intervals, or when the counts price it no better than MAX_LOG_RATIO_SE.
 */
export function tlbIdleCostRatio(capture: Capture, comm: string, span: { startS: number; endS: number }): { ratio: number; idleSamples: number; busySamples: number } | { why: string } {
  const t = capture.trace;
  const idle = t?.cpuIdle;
  if (!t || !idle || t.cpus < 2) return { why: 'no idle-task intervals in sched_switch' };
  const tl = capture.perf?.timeline;
  const key = tl && (Object.keys(tl).find((k) => k === comm) ?? Object.keys(tl).find((k) => k.startsWith(comm)));
  const s = key ? tl![key] : undefined;
  if (!s?.cpus || !s.cpus.some((c) => c >= 0)) return { why: `no perf samples of ${comm} with their CPU` };
  // [idle, busy] × [flush samples, other anon-folio work samples]
  const n = [[0, 0], [0, 0]];
  for (let i = 0; i < s.times.length; i++) {
    const ts = s.times[i];
    const cpu = s.cpus[i];
    if (ts < span.startS || ts > span.endS || cpu < 0) continue;
    let idleTargets = 0;
    for (let c = 0; c < t.cpus; c++) if (c !== cpu && inside(idle[c], ts)) idleTargets++;
    // Only samples whose targets are all idle or all busy.
    if (idleTargets !== 0 && idleTargets !== t.cpus - 1) continue;
    const cls = idleTargets > 0 ? 0 : 1;
    if (s.masks[i] & FLUSH) n[cls][0]++;
    else if (s.masks[i] & ANON_WORK) n[cls][1]++;
  }
  const [idleN, busyN] = [n[0][0] + n[0][1], n[1][0] + n[1][1]];
  if (n[0][0] * n[0][1] * n[1][0] * n[1][1] === 0) return { why: `${grouped(idleN)} anon-reclaim samples beside idle targets, ${grouped(busyN)} beside busy ones: a class is empty` };
  // The log odds ratio's standard error: √(Σ 1/count) over the four counts.
  const se = Math.sqrt(1 / n[0][0] + 1 / n[0][1] + 1 / n[1][0] + 1 / n[1][1]);
  if (se > MAX_LOG_RATIO_SE) return { why: `${grouped(idleN)} anon-reclaim samples beside idle targets, ${grouped(busyN)} beside busy ones: ratio ±${Math.round(se * 100)} % (> ${MAX_LOG_RATIO_SE * 100} %)` };
  const ratio = (n[0][0] / n[0][1]) / (n[1][0] / n[1][1]);
  return { ratio: Math.min(1, ratio), idleSamples: idleN, busySamples: busyN };
}

/**
 * TLB-shootdown ns per unmapped page at `nowNs`: the profile's per-page cost (`tlbNs`, measured while its IPI targets
 * were busy `calibratedBusy` of the time) moved to the targets' busy share then, an IPI to an idle target costing
 * `idleRatio` of one to a busy target (undefined: 0, the idle target is skipped as lazy). Without either busy share the
 * profile's cost stands as measured.
 */
export function tlbShootdownNs(tlbNs: number, calibratedBusy: number | undefined, targets: IpiTargetsBusy | undefined, nowNs: number, idleRatio = 0): number {
  if (!targets || calibratedBusy === undefined || calibratedBusy < MIN_CALIBRATED_BUSY || tlbNs === 0) return tlbNs;
  // The interval that contains nowNs (the first or last outside the series).
  const busy = targets.busy[firstIndexAtOrAfter(targets.atNs, nowNs)];
  // smp_call_function_many_cond(): an IPI to each target in the mask, cheaper when its vCPU is halted (idle).
  return (tlbNs * (idleRatio + (1 - idleRatio) * busy)) / (idleRatio + (1 - idleRatio) * calibratedBusy);
}

/** kswapd's answered shootdown IPIs per anon folio it reclaimed, per second of tlb:tlb_flush (tlbIpis.ts). */
export interface IpisPerFolio {
  /** Second ends, ns since the replay's origin (ascending); second k covers (atNs[k-1], atNs[k]]. */
  atNs: Float64Array;
  /** NaN in a second with fewer than MIN_BIN_FOLIOS anon folios: it says nothing. */
  perFolio: Float64Array;
}

/** Below this the calibration's kswapd sent too few IPIs per folio to price one: its per-page cost stands. */
export const MIN_CALIBRATED_IPIS = 0.1;

/** Per second of the capture's tlb:tlb_flush, on the replay's time base; undefined without the event. */
export function ipisPerFolioOf(capture: Capture, originS: number): IpisPerFolio | undefined {
  const t = capture.trace?.tlbFlush;
  if (!t) return undefined;
  const k = t.kswapd;
  return {
    atNs: Float64Array.from(k.ipiSent, (_, i) => Math.round((t.binStartS + i + 1 - originS) * 1e9)),
    perFolio: Float64Array.from(k.anonReclaimed, (n, i) => (n >= MIN_BIN_FOLIOS ? k.ipiAnswered[i] / n : NaN)),
  };
}

/** kswapd's answered IPIs per anon folio over `span` (capture clock, s): what a profile calibrated there saw.
 *  Undefined without tlb:tlb_flush or with no anon folio reclaimed by kswapd in the span. */
export function ipisPerFolioOver(capture: Capture, span: { startS: number; endS: number }): number | undefined {
  const t = capture.trace?.tlbFlush;
  const r = t ? kswapdIpisOver(t, span).perFolio : NaN;
  return Number.isFinite(r) ? r : undefined;
}

/**
 * TLB-shootdown ns per unmapped page at `nowNs` from the measured IPIs: shrink_folio_list() →
 * try_to_unmap_flush_dirty() → arch_tlbbatch_flush() calls flush_tlb_multi() only when the batch's mm_cpumask holds
 * another CPU (else a local flush), so the profile's cost (`tlbNs`, measured at `calibrated` answered IPIs per folio)
 * follows the IPIs per folio kswapd's flushes got answered then. A second without enough folios, or a calibration
 * with too few IPIs, leaves the cost as measured.
 */
export function tlbShootdownByIpisNs(tlbNs: number, calibrated: number, ipis: IpisPerFolio, nowNs: number): number {
  if (!(calibrated >= MIN_CALIBRATED_IPIS) || tlbNs === 0) return tlbNs;
  const r = ipis.perFolio[firstIndexAtOrAfter(ipis.atNs, nowNs)];
  return Number.isNaN(r) ? tlbNs : (tlbNs * r) / calibrated;
}

// The CPU that kswapd, kcompressd workers and the allocating tasks are given, from the capture's other load: per-CPU
// busy time from cpu_stat minus the modelled threads' own time, shared under CFS.
import { overlapS } from '../analysis/timeline';
import { nearestIndex } from '../analysis/series';
import { CPU_BUSY, onlineCpus } from '../capture/cpuStat';
import type { Capture } from '../capture/types';

/** USER_HZ: /proc/stat counts ticks of 10 ms on every architecture Linux ships. */
const USER_HZ = 100;
/** Shortest span over which the other load is measured. */
const MIN_SPAN_S = 1;
/** Reclaim threads the model runs itself (their time in cpu_stat is not other load). */
const MODELLED = /^(kswapd|kcompressd)/;

export interface OtherLoad {
  /** Per online CPU, the share of its time busy with work the model does not run (0–1). */
  perCpu: number[];
  note: string;
}

/**
 * The other load on each online CPU over `span` (capture clock, s; the whole series when absent): cpu_stat's busy
 * ticks minus the modelled reclaimers' own run time (kswapd/kcompressd schedstat, and the trace's direct and memcg
 * reclaim slices when the trace covers the span), spread over the CPUs in proportion to their busy time, as /proc/stat
 * does not say on which CPU a thread ran. Undefined without a cpu_stat series covering at least 1 s of the span.
 */
export function otherLoadOf(capture: Capture, span?: { startS: number; endS: number }): OtherLoad | undefined {
  const cs = capture.cpuStat;
  if (!cs || cs.times.length < 2) return undefined;
  const i0 = span ? nearestIndex(cs.times, span.startS) : 0;
  const i1 = span ? nearestIndex(cs.times, span.endS) : cs.times.length - 1;
  const t0 = cs.times[i0];
  const t1 = cs.times[i1];
  if (!(t1 - t0 >= MIN_SPAN_S)) return undefined;
  const cpus = onlineCpus(cs, i0, i1);
  const busy = cpus.map((c) => (cs.columns.get(c + CPU_BUSY)![i1] - cs.columns.get(c + CPU_BUSY)![i0]) / USER_HZ);
  if (cpus.length === 0 || !busy.every((b) => b >= 0)) return undefined;
  let own = 0;
  const ran: string[] = [];
  for (const t of capture.taskCpu ?? []) {
    if (!MODELLED.test(t.comm) || t.times.length < 2) continue;
    const d = t.sumExecNs[nearestIndex(t.times, t1)] - t.sumExecNs[nearestIndex(t.times, t0)];
    if (!(d >= 0)) continue;
    own += d / 1e9;
    ran.push(t.comm);
  }
  const tr = capture.trace;
  if (tr && tr.firstTs <= t0 && tr.lastTs >= t1) {
    const slices = overlapS(tr.directReclaim, t0, t1) + overlapS(tr.memcgReclaim, t0, t1);
    if (slices > 0) {
      own += slices;
      ran.push('direct/memcg reclaim (trace)');
    }
  }
  const total = busy.reduce((a, b) => a + b, 0);
  const otherShare = total > 0 ? Math.max(0, total - own) / total : 0;
  const perCpu = busy.map((b) => Math.min(1, (b * otherShare) / (t1 - t0)));
  const pct = perCpu.map((d, k) => `${cpus[k]} ${(d * 100).toFixed(1)} %`).join(', ');
  return {
    perCpu,
    note: `other load from cpu_stat over ${t0.toFixed(1)}–${t1.toFixed(1)} s: ${pct} of each online CPU busy with work the model does not run `
      + `(/proc/stat busy minus ${ran.length ? ran.join(', ') : 'no modelled thread'})`,
  };
}

/**
 * The share of a CPU each of m runnable modelled threads gets, for m = 1…cpus (index m − 1), when other work keeps
 * CPU c busy a share `perCpu[c]` of the time (independently). A waking nice-0 thread goes to an idle CPU when there
 * is one (select_task_rq_fair → select_idle_sibling); on a CPU busy with other work it gets an equal-weight share of
 * it (sched_slice / update_curr keep vruntimes level; other sessions' tasks count as one entity per autogroup, one per
 * CPU here as /proc/stat cannot tell how many). So with j idle CPUs, m ≤ j threads run at full speed and the other
 * m − j run at half. On `cpus` other than perCpu.length the same total other load is spread evenly over `cpus`.
 */
export function cfsShares(perCpu: readonly number[], cpus: number): number[] {
  const total = perCpu.reduce((a, b) => a + b, 0);
  const load = perCpu.length === cpus ? perCpu : Array.from({ length: cpus }, () => Math.min(1, total / cpus));
  // P(j CPUs free of other work), j = 0…cpus: the loads are independent Bernoulli.
  let p = [1];
  for (const d of load) {
    const next = new Array<number>(p.length + 1).fill(0);
    p.forEach((q, j) => {
      next[j] += q * d;
      next[j + 1] += q * (1 - d);
    });
    p = next;
  }
  return Array.from({ length: cpus }, (_, k) => {
    const m = k + 1;
    let share = 0;
    p.forEach((q, j) => (share += q * (m <= j ? 1 : (j + (m - j) / 2) / m)));
    return share;
  });
}

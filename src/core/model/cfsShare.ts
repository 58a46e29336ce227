// The CPU that kswapd, kcompressd workers and the allocating tasks are given, from the capture's other load: per-CPU
// busy time from cpu_stat minus the modelled threads' own time, shared under CFS.
import { overlapS } from '../analysis/timeline';
import { nearestIndex } from '../analysis/series';
import { CPU_BUSY, LOAD_RUNNING, onlineCpus } from '../capture/cpuStat';
import type { Capture } from '../capture/types';
import { otherEntities } from '../capture/cfsRq';

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

/** The capture's other runnable tasks over time, from loadavg's running count sampled with cpu_stat, or the
 *  other runnable entities themselves from the root cfs_rq (cfs_rq.txt). */
export interface RunQueueLoad {
  /** Sample times, ns since the replay's origin. */
  atNs: Float64Array;
  /** Runnable tasks at each sample besides the sampler reading /proc/loadavg and the modelled thread itself; with
   *  `entities`, the root cfs_rq's weight besides kswapd's, in nice-0 entities. */
  others: Float64Array;
  /** CPUs online over the series (cpuN lines that advanced). */
  cpus: number;
  /** `others` are CFS entities measured (sched/debug), not tasks: no tasks-per-entity applies. */
  entities?: boolean;
}

/** The sampler is running when it reads /proc/loadavg; kswapd is runnable whenever its share is asked for. */
const NOT_OTHERS = 2;

/** loadavg's running count on the replay's clock (`originS` = its t = 0), or undefined without one. */
export function runQueueOf(capture: Capture, originS: number): RunQueueLoad | undefined {
  const cs = capture.cpuStat;
  const running = cs?.columns.get(LOAD_RUNNING);
  if (!cs || !running || cs.times.length < 2) return undefined;
  const keep: number[] = [];
  for (let i = 0; i < running.length; i++) if (Number.isFinite(running[i])) keep.push(i);
  const cpus = onlineCpus(cs, 0, cs.times.length - 1).length;
  if (keep.length < 2 || cpus === 0) return undefined;
  // Each CPU's root cfs_rq weight is what CFS shares it by (update_curr()/pick_eevdf() keep the entities' vruntimes
  // level, so an entity of weight w gets w / Σw): a session's tasks are one entity weighted by calc_group_shares().
  const rq = capture.cfsRq;
  const entities = rq && rq.times.length >= 2 ? otherEntities(rq) : undefined;
  if (rq && entities && entities.every(Number.isFinite)) {
    return { atNs: Float64Array.from(rq.times, (t) => Math.round((t - originS) * 1e9)), others: entities, cpus, entities: true };
  }
  return {
    atNs: Float64Array.from(keep, (i) => Math.round((cs.times[i] - originS) * 1e9)),
    others: Float64Array.from(keep, (i) => Math.max(0, running[i] - NOT_OTHERS)),
    cpus,
  };
}

/**
 * The share of a core each of `m` runnable modelled threads gets on `cpus` cores with `others` other runnable tasks,
 * `g` of them to a scheduling entity. Kernel threads sit in the root task group, while autogroup (or a cpu cgroup)
 * makes a session's tasks one entity of weight 1024 however many are runnable (calc_group_shares), and a task
 * runnable only briefly (counted by loadavg, then asleep) competes for that long only: so the others hold others / g
 * entities, at least one when any task is runnable. A continuously runnable nice-0 thread stays on its CPU (the
 * traces show kswapd migrating a few times in thousands of runs), and load_balance() (calculate_imbalance) moves the
 * other entities until every CPU carries the same weight, the thread's own included: each CPU holds (others / g + m)
 * / cpus entities, and update_curr / pick_eevdf keep their vruntimes level, so each modelled thread gets
 * cpus / (entities + m) of a core, a whole one while that is more (a CPU with nothing else runnable:
 * select_idle_sibling).
 */
export function cfsShare(others: number, cpus: number, g: number, m = 1): number {
  const entities = Math.min(others, Math.max(1, others / g));
  return Math.min(1, cpus / (entities + m));
}

/** The share over time: `share(now, running)` for the CPU model, advancing through the samples as time does. */
export class RunQueueShares {
  private i = 0;
  constructor(private readonly load: RunQueueLoad, readonly cpus: number, readonly tasksPerEntity: number) {}

  share(nowNs: number, running: number): number {
    const t = this.load.atNs;
    while (this.i + 1 < t.length && t[this.i + 1] <= nowNs) this.i++;
    if (this.i > 0 && t[this.i] > nowNs) this.i = 0; // a new run from the start
    return cfsShare(this.load.others[this.i], this.cpus, this.perEntity, running);
  }

  /** Measured entities are one each; loadavg's tasks are `tasksPerEntity` to an entity. */
  private get perEntity(): number {
    return this.load.entities ? 1 : this.tasksPerEntity;
  }

  /** The mean share of each of `m` threads running at once over the whole series. */
  mean(m = 1): number {
    let sum = 0;
    let n = 0;
    this.load.others.forEach((others) => {
      sum += cfsShare(others, this.cpus, this.perEntity, m);
      n++;
    });
    return n > 0 ? sum / n : 1;
  }
}

/** Bounds of the calibrated tasks per entity: 1 is every task its own entity (no autogroup). */
export const TASKS_PER_ENTITY = { min: 1, max: 64 } as const;

/** The calibrated tasks per entity `g`, with what it was fitted to: the other runnable tasks (loadavg) on average
 *  while kswapd was runnable, and the share of that time kswapd ran (schedstat). */
export interface TasksPerEntity { g: number; others: number; share: number; note: string }

/**
 * Tasks per scheduling entity of the other load over `span` (capture clock, s): the g for which cfsShare over the
 * span's loadavg samples while kswapd was runnable gives the share of the time it was runnable that kswapd ran
 * (schedstat on-CPU ÷ (on-CPU + run delay)). Undefined without cpu_stat's loadavg, kswapd's schedstat, or 1 s of
 * kswapd runnable in the span.
 */
export function tasksPerEntityOf(capture: Capture, span: { startS: number; endS: number }): TasksPerEntity | undefined {
  const cs = capture.cpuStat;
  const running = cs?.columns.get(LOAD_RUNNING);
  const k = capture.taskCpu?.find((t) => /^kswapd/.test(t.comm));
  if (!cs || !running || !k || k.times.length < 2) return undefined;
  const i0 = nearestIndex(cs.times, span.startS);
  const i1 = nearestIndex(cs.times, span.endS);
  const cpus = onlineCpus(cs, i0, i1).length;
  const samples: { others: number; runnable: number }[] = [];
  let on = 0;
  let runnable = 0;
  for (let i = i0 + 1; i <= i1; i++) {
    const a = nearestIndex(k.times, cs.times[i - 1]);
    const b = nearestIndex(k.times, cs.times[i]);
    const dOn = k.sumExecNs[b] - k.sumExecNs[a];
    const dRun = dOn + k.runDelayNs[b] - k.runDelayNs[a];
    if (!(dOn >= 0 && dRun > 0) || !Number.isFinite(running[i])) continue;
    samples.push({ others: Math.max(0, running[i] - NOT_OTHERS), runnable: dRun });
    on += dOn;
    runnable += dRun;
  }
  if (cpus === 0 || runnable < 1e9) return undefined;
  const observed = on / runnable;
  const predicted = (g: number) => samples.reduce((s, x) => s + x.runnable * cfsShare(x.others, cpus, g), 0) / runnable;
  let lo: number = TASKS_PER_ENTITY.min;
  let hi: number = TASKS_PER_ENTITY.max;
  if (predicted(lo) >= observed) hi = lo;
  else if (predicted(hi) < observed) lo = hi;
  for (let it = 0; it < 40 && hi - lo > 1e-3; it++) {
    const mid = (lo + hi) / 2;
    if (predicted(mid) < observed) lo = mid;
    else hi = mid;
  }
  const g = Math.round(((lo + hi) / 2) * 1000) / 1000;
  const meanOthers = samples.reduce((s, x) => s + x.others * x.runnable, 0) / runnable;
  return {
    g, others: meanOthers, share: observed,
    note: `other load: ${meanOthers.toFixed(1)} other runnable tasks on average (loadavg) while ${k.comm} was runnable; it ran ${(observed * 100).toFixed(1)} % of that time (schedstat), `
      + `so ${g} runnable tasks per CFS entity (autogroup sessions) over ${cs.times[i0].toFixed(1)}–${cs.times[i1].toFixed(1)} s`,
  };
}

// N cores shared by kswapd, kcompressd workers and the allocating tasks. Work comes in short jobs (one reclaim batch,
// one queue drain). Every job runs at once: with more jobs than cores each gets an equal share of them (CFS:
// update_curr() / pick_eevdf() keep the runnable entities' vruntimes level), fixed when it starts. The other load's
// share for the jobs up to the cores (kswapd's measured run delay, or CFS against cpu_stat's runnable tasks) already
// holds the competition that fills the cores, so only jobs beyond them (a kcompressd worker the capture did not have)
// add to it. A job slowed by the other jobs or the capture's other load accrues run delay the way schedstat counts it.
import { DOUBLE_ZERO } from './doubleZero';
import type { EventQueue } from './eventQueue';

/** Per task CPU accounting. */
export class Task {
  cpuNs = DOUBLE_ZERO;
  runDelayNs = DOUBLE_ZERO;
  /** The part of runDelayNs spent queued for a core held by another modelled task (the rest is the other load's). */
  queuedNs = DOUBLE_ZERO;
  /** On-CPU ns per series bin (for kswapd / worker busy graphs). */
  readonly busyBins: Float64Array;

  constructor(readonly name: string, bins: number, private readonly binNs: number) {
    this.busyBins = new Float64Array(bins);
    this.cpuNs = this.runDelayNs = this.queuedNs = 0; // +0 in fields laid out as doubles (doubleZero.ts)
  }

  /** Spreads on-CPU time [start, end) over the series bins. */
  addBusy(start: number, end: number, share: number): void {
    let t = start;
    while (t < end) {
      const b = Math.floor(t / this.binNs);
      if (b >= this.busyBins.length) return;
      const binEnd = (b + 1) * this.binNs;
      const e = Math.min(end, binEnd);
      this.busyBins[b] += (e - t) * share;
      t = e;
    }
  }
}

/** The share of a core a modelled job gets at a time with `running` modelled jobs at once (cfsShare's RunQueueShares). */
export interface CoreShares {
  share(nowNs: number, running: number): number;
}

export class Cpus {
  private running = 0;
  /** The fixed share, or the shares over time (an object's method, not a closure per scenario: the compiled job
   *  start keeps its inlined call from one scenario to the next). */
  private readonly fixed: number;
  private readonly shares: CoreShares | undefined;

  /**
   * @param availability share of a core left to the modelled tasks by load the model does not simulate (the
   *   capture's other jobs), 0 < availability ≤ 1: a job of w ns takes w / availability ns of wall time. CoreShares
   *   (or a function) give it at a time for a number of modelled jobs running at once.
   */
  constructor(private readonly ev: EventQueue, readonly cores: number,
    availability: number | CoreShares | ((nowNs: number, running: number) => number)) {
    this.fixed = typeof availability === 'number' ? availability : 1;
    this.shares = typeof availability === 'number' ? undefined : typeof availability === 'function' ? { share: availability } : availability;
  }

  /** Runs `workNs` of CPU for `task`, then calls `done` (at the job's end time). */
  run(task: Task, workNs: number, done: () => void): void {
    this.runWith(task, workNs, done, undefined);
  }

  /** run() calling `done(arg)`: one completion handler for many jobs (a reclaimer's batches), no closure per job. */
  runWith<T>(task: Task, workNs: number, done: (arg: T) => void, arg: T): void {
    const now = this.ev.now;
    this.running++;
    const other = this.shares === undefined ? this.fixed : this.shares.share(now, Math.min(this.running, this.cores));
    // A share s of a core for jobs up to the cores is cores ÷ s runnable entities in all; each job beyond the cores
    // is one more entity on those run queues (pick_eevdf() shares them equally).
    const share = this.running <= this.cores ? other : this.cores / (this.cores / other + this.running - this.cores);
    const wall = workNs / share;
    task.cpuNs += workNs;
    task.runDelayNs += wall - workNs;
    task.queuedNs += wall - workNs / other; // the part of the delay the other modelled jobs caused
    task.addBusy(now, now + wall, share);
    this.ev.atWith2(now + wall, 0, this.finished, done as (arg: unknown) => void, arg);
  }

  /** A job's end: its core is free, then the job's owner goes on. */
  private readonly finished = (done: (arg: unknown) => void, arg: unknown): void => {
    this.running--;
    done(arg);
  };
}

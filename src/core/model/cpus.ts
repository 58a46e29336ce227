// N cores shared by kswapd, kcompressd workers and the allocating tasks. Work comes in short jobs (one reclaim batch,
// one queue drain), served first come first served; a job waiting for a core, or slowed by the capture's other load,
// accrues run delay the way schedstat counts it.
import type { EventQueue } from './eventQueue';

/** Per task CPU accounting. */
export class Task {
  cpuNs = 0;
  runDelayNs = 0;
  /** The part of runDelayNs spent queued for a core held by another modelled task (the rest is the other load's). */
  queuedNs = 0;
  /** On-CPU ns per series bin (for kswapd / worker busy graphs). */
  readonly busyBins: Float64Array;

  constructor(readonly name: string, bins: number, private readonly binNs: number) {
    this.busyBins = new Float64Array(bins);
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

interface Job { task: Task; workNs: number; queuedAt: number; done: (arg: never) => void; arg: unknown }

export class Cpus {
  private idle: number;
  private readonly queue: Job[] = [];
  private head = 0;

  private readonly shareOf: (nowNs: number, running: number) => number;

  /**
   * @param availability share of a core left to the modelled tasks by load the model does not simulate (the
   *   capture's other jobs), 0 < availability ≤ 1: a job of w ns takes w / availability ns of wall time. A function
   *   gives it at a time for a number of modelled jobs running at once (cfsShare's RunQueueShares).
   */
  constructor(private readonly ev: EventQueue, readonly cores: number, availability: number | ((nowNs: number, running: number) => number)) {
    this.idle = cores;
    this.shareOf = typeof availability === 'number' ? () => availability : availability;
  }

  /** Runs `workNs` of CPU for `task`, then calls `done` (at the job's end time). */
  run(task: Task, workNs: number, done: () => void): void {
    this.runWith(task, workNs, done, undefined);
  }

  /** run() calling `done(arg)`: one completion handler for many jobs (a reclaimer's batches), no closure per job. */
  runWith<T>(task: Task, workNs: number, done: (arg: T) => void, arg: T): void {
    const job: Job = { task, workNs, queuedAt: this.ev.now, done, arg };
    if (this.idle > 0) {
      this.idle--;
      this.start(job);
    } else {
      this.queue.push(job);
    }
  }

  private start(job: Job): void {
    const now = this.ev.now;
    const share = this.shareOf(now, this.cores - this.idle);
    const wall = job.workNs / share;
    job.task.cpuNs += job.workNs;
    job.task.runDelayNs += now - job.queuedAt + (wall - job.workNs);
    job.task.queuedNs += now - job.queuedAt;
    job.task.addBusy(now, now + wall, share);
    this.ev.atWith(now + wall, 0, this.finished, job);
  }

  /** A job's end: the core takes the next queued job or goes idle, then the job's owner goes on. */
  private readonly finished = (job: Job): void => {
    const next = this.head < this.queue.length ? this.queue[this.head++] : undefined;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (next) this.start(next);
    else this.idle++;
    (job.done as (arg: unknown) => void)(job.arg);
  };
}

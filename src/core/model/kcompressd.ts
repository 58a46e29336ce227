// kcompressd, both designs. v1 (drivers/block/zram/kcompressd.c, Mar 2025): nr_kcompressd workers "kcompressd:%d",
// each with a FIFO of queue_size_per_kcompressd write_work entries; schedule_bio_write() fills the first worker with
// room (first fit) and returns -EBUSY when all are full, so kswapd compresses that page itself. mm (Apr 2025):
// one "kcompressd%d" per node with a KCOMPRESS_FIFO_SIZE (256) folio FIFO; swap_sched_async_compress() falls back to
// the synchronous write when it is full. Only kswapd queues. The workers run on the shared cores. A v1 folio stays
// under writeback until its worker's bio_endio, then folio_rotate_reclaimable() moves it to the LRU tail; an mm folio
// stays locked in the FIFO and, once written, is a clean swap-cache folio freed when a scan reaches it again in the
// inactive list's order (pageout() cleared its PG_reclaim: no rotation; see inactiveAnon.ts). v1's
// workers run with PF_MEMALLOC; mm's thread does not, so below MIN its zs_malloc() reclaims in its own context.
import type { Cpus } from './cpus';
import { Task } from './cpus';
import { directReclaim } from './directReclaim';
import type { EventQueue } from './eventQueue';
import { HZ_NS, type ScenarioContext } from './scenario';
import type { PageSample } from './zram/corpus';
import type { Variant } from '../vocabulary';
import { DOUBLE_ZERO } from './doubleZero';

export { MM_FIFO_SIZE, V1_DEFAULT_QUEUE, V1_DEFAULT_WORKERS } from '../vocabulary';

export interface OffloadPolicy {
  variant: Variant;
  workers: number;
  /** Entries per worker FIFO. */
  fifoSize: number;
  /** The worker runs with PF_MEMALLOC: its zspage allocations may go below MIN instead of reclaiming. */
  memalloc: boolean;
  workerName(i: number): string;
}

/** v1's kcompressd() sets PF_MEMALLOC | PF_KSWAPD on itself. */
export function v1Policy(workers: number, queue: number): OffloadPolicy {
  return { variant: 'v1', workers, fifoSize: queue, memalloc: true, workerName: (i) => `kcompressd:${i}` };
}

/** One per node; the model has one node. mm's kcompressd() is a plain kthread (no PF_MEMALLOC). */
export function mmPolicy(queue: number, node = 0): OffloadPolicy {
  return { variant: 'mm', workers: 1, fifoSize: queue, memalloc: false, workerName: () => `kcompressd${node}` };
}

/** One jiffy at CONFIG_HZ=250. */
const JIFFY_NS = HZ_NS / 250;
// Event priority of the worker's retry timer at equal times (after CPU completions).
const P_RETRY = 1;

/** `n` queued folios' state on the LRU while kcompressd has them: v1 under writeback, mm locked and back at the
 *  inactive head (shrink_folio_list(): PAGE_SUCCESS, folio_trylock() fails, keep). */
export function queuedToWorker(ctx: ScenarioContext, policy: OffloadPolicy, n = 1): void {
  if (policy.variant === 'mm') ctx.node.inactive.handOff(n);
  else ctx.lru.writeback += n;
}

/** One worker's zram_write_page() for each folio of a batch it compressed: zs_malloc() takes a zspage's pages at
 *  LOW, then MIN (__GFP_KSWAPD_RECLAIM, no direct reclaim). A worker with PF_MEMALLOC (v1) takes them below MIN,
 *  and only an empty node fails the write (-ENOMEM: the folio stays, dirty). One without it (mm) counts a
 *  writestall and retries with GFP_NOIO: direct reclaim in its own context, which can free only clean folios, until
 *  the pages come (a kthread is never throttled, so without progress it goes straight back into reclaim). Then the
 *  folios' writeback ends.
 *  A worker has one batch in flight, so its write state is kept and reused batch after batch (no closures per batch). */
export class WorkerWrites {
  private pages: readonly PageSample[] = [];
  private n = 0;
  private i = 0;
  private written = 0;
  private stalledOn = -1;
  /** When the last GFP_NOIO reclaim call began. */
  private began = DOUBLE_ZERO;
  private ended: () => void = () => undefined;

  /** `writebackEnded(n)`: the batch's n folios ended writeback (before `ended` of start() is called). */
  constructor(private readonly ctx: ScenarioContext, private readonly policy: OffloadPolicy, private readonly worker: Task,
    private readonly write: (s: PageSample) => number, private readonly writebackEnded: (n: number) => void = () => undefined) {}

  /** Writes `pages[0..n)`, then calls `ended`. */
  start(pages: readonly PageSample[], n: number, ended: () => void): void {
    this.pages = pages;
    this.n = n;
    this.i = 0;
    this.written = 0;
    this.stalledOn = -1;
    this.ended = ended;
    this.store();
  }

  private readonly store = (): void => {
    const { ctx, pages, n } = this;
    const memalloc = this.policy.memalloc;
    let i = this.i;
    let written = this.written;
    for (; i < n; i++) {
      if (ctx.zramStore(pages[i], memalloc)) written++;
      else if (!memalloc) {
        this.i = i;
        this.written = written;
        if (this.stalledOn !== i) ctx.out.totals.writestalls++;
        this.stalledOn = i;
        this.began = ctx.ev.now;
        // reclaim_throttle(): kthreads other than kswapd are never throttled, so should_reclaim_retry() sends a
        // worker that made no progress straight back into reclaim (cond_resched() only). A call that scanned nothing
        // took no time: it waits a jiffy, so the retries do not all fall on one instant.
        return directReclaim(ctx, this.worker, this.write, this.reclaimed, NOIO_KTHREAD);
      }
    }
    this.i = i;
    this.written = written;
    this.finish();
  };

  private readonly reclaimed = (): void => {
    if (this.ctx.ev.now > this.began) this.store();
    else this.ctx.ev.after(JIFFY_NS, P_RETRY, this.store);
  };

  private finish(): void {
    const { ctx, n, written } = this;
    ctx.out.totals.zsmallocFailed += n - written;
    if (this.policy.variant === 'mm') {
      // __swap_writepage() → folio_unlock(): a clean swap-cache folio where shrink_folio_list() kept it.
      ctx.node.inactive.written(n, written);
    } else {
      // folio_end_writeback() with PG_reclaim → folio_rotate_reclaimable(): to the inactive tail. A failed write
      // ends writeback with an error: the folio is redirtied and stays, not rotated.
      ctx.lru.writeback -= n;
      ctx.lru.rotated += written;
    }
    this.writebackEnded(n);
    this.ended();
  }
}

/** The retry of a worker without PF_MEMALLOC: GFP_NOIO reclaim in a kernel thread. */
const NOIO_KTHREAD = { kthread: true, noio: true } as const;

/** One batch through a WorkerWrites of its own (see there). */
export function workerWrite(ctx: ScenarioContext, policy: OffloadPolicy, worker: Task, write: (s: PageSample) => number,
  pages: readonly PageSample[], n: number, ended: () => void): void {
  new WorkerWrites(ctx, policy, worker, write).start(pages, n, ended);
}

/** Folios a worker compresses per CPU job: the model's unit of work (the kernel pops one entry at a time). */
const DRAIN_BATCH = 32;

/** A FIFO of page samples: a ring (kfifo) that doubles when full, so pushes and pops allocate nothing. */
class Fifo {
  private items: PageSample[] = new Array<PageSample>(64);
  private head = 0;
  length = 0;
  push(s: PageSample): void {
    if (this.length === this.items.length) this.grow();
    this.items[(this.head + this.length) & (this.items.length - 1)] = s;
    this.length++;
  }
  /** Moves up to `n` of the oldest into `out[0..k)`; returns k. */
  take(n: number, out: PageSample[]): number {
    const k = Math.min(n, this.length);
    const mask = this.items.length - 1;
    for (let j = 0; j < k; j++) out[j] = this.items[(this.head + j) & mask];
    this.head = (this.head + k) & mask;
    this.length -= k;
    return k;
  }
  private grow(): void {
    const old = this.items;
    const mask = old.length - 1;
    const items = new Array<PageSample>(old.length * 2);
    for (let j = 0; j < this.length; j++) items[j] = old[(this.head + j) & mask];
    this.items = items;
    this.head = 0;
  }
}

export class Kcompressd {
  readonly tasks: Task[];
  readonly pages: number[];
  /** Per worker: CPU ns spent compressing and storing its pages (costOf), apart from its own direct reclaim. */
  readonly compressNs: number[];
  /** Per worker and series bin: the pages and compression CPU ns of the drains that ended in it (so a window's pages
   *  and µs per page are over the same bins as its busy %). */
  readonly pageBins: Float64Array[];
  readonly compressBins: Float64Array[];
  private readonly fifos: Fifo[];
  private readonly running: boolean[];
  queued = 0;
  fallback = 0;
  /** Deepest total over the FIFOs, and each worker's own deepest FIFO (its capacity is policy.fifoSize). */
  highWater = 0;
  readonly workerHighWater: number[];
  /** Time during which every FIFO was full (schedule_bio_write() / swap_sched_async_compress() refused). */
  fullNs = DOUBLE_ZERO;
  /** Worker wall time spent waiting for a core (run delay while they had work), and the part of it queued behind
   *  kswapd, the tasks or another worker on the modelled cores (the rest: slowed by the capture's other load). */
  waitNs = DOUBLE_ZERO;
  queuedNs = DOUBLE_ZERO;
  private fullSince = -1;

  constructor(
    private readonly ev: EventQueue,
    private readonly cpus: Cpus,
    readonly policy: OffloadPolicy,
    bins: number,
    private readonly binNs: number,
    /** CPU ns to write one page into zram (compression + store). */
    private readonly costOf: (s: PageSample) => number,
    /** Store the compressed batch `pages[0..n)` (zs_malloc() in the worker's context) and call `done` once their
     *  writeback ended. */
    private readonly written: (pages: readonly PageSample[], n: number, worker: Task, done: () => void) => void,
  ) {
    this.fullNs = this.waitNs = this.queuedNs = 0; // +0 in fields laid out as doubles (doubleZero.ts)
    const n = policy.workers;
    this.tasks = Array.from({ length: n }, (_, i) => new Task(policy.workerName(i), bins, binNs));
    this.pages = new Array<number>(n).fill(0);
    this.compressNs = new Array<number>(n).fill(0);
    this.pageBins = Array.from({ length: n }, () => new Float64Array(bins));
    this.compressBins = Array.from({ length: n }, () => new Float64Array(bins));
    this.fifos = Array.from({ length: n }, () => new Fifo());
    this.running = new Array<boolean>(n).fill(false);
    this.workerHighWater = new Array<number>(n).fill(0);
    this.jobs = Array.from({ length: n }, (_, i) => ({ worker: i, batch: new Array<PageSample>(DRAIN_BATCH), n: 0, work: DOUBLE_ZERO,
      delayBefore: DOUBLE_ZERO, queuedBefore: DOUBLE_ZERO, next: () => this.drain(i) }));
  }

  /** Each worker's one batch in flight, refilled drain after drain (a worker has one CPU job at a time). */
  private readonly jobs: DrainJob[];

  /** schedule_bio_write() / swap_sched_async_compress(): first FIFO with room takes the page (kfifo_in + wake-up);
   *  false is -EBUSY: the caller writes it synchronously. */
  submit(s: PageSample): boolean {
    for (let i = 0; i < this.fifos.length; i++) {
      const f = this.fifos[i];
      if (f.length >= this.policy.fifoSize) continue;
      f.push(s);
      this.queued++;
      if (f.length > this.workerHighWater[i]) this.workerHighWater[i] = f.length;
      const d = ++this.inFifos;
      if (d > this.highWater) this.highWater = d;
      if (!this.running[i]) this.drain(i);
      return true;
    }
    this.fallback++;
    if (this.fullSince < 0) this.fullSince = this.ev.now;
    return false;
  }

  /** Folios in the FIFOs now (their lengths' sum, kept as they change). */
  depth(): number {
    return this.inFifos;
  }

  private inFifos = 0;

  /** The deepest single worker FIFO now (compare with policy.fifoSize). */
  deepestFifo(): number {
    let d = 0;
    for (const f of this.fifos) d = Math.max(d, f.length);
    return d;
  }

  finish(): void {
    if (this.fullSince >= 0) this.fullNs += this.ev.now - this.fullSince;
    this.fullSince = -1;
  }

  /** kcompressd(): pop entries and run the write callback (zram_bio_write()) until the FIFO is empty, then sleep
   *  (kcompressd_try_to_sleep()). */
  private drain(i: number): void {
    const job = this.jobs[i];
    job.n = this.fifos[i].take(DRAIN_BATCH, job.batch);
    this.inFifos -= job.n;
    if (job.n === 0) {
      this.running[i] = false;
      return;
    }
    if (this.fullSince >= 0) {
      this.fullNs += this.ev.now - this.fullSince;
      this.fullSince = -1;
    }
    this.running[i] = true;
    let work = 0;
    for (let k = 0; k < job.n; k++) work += this.costOf(job.batch[k]);
    job.work = work;
    const task = this.tasks[i];
    job.delayBefore = task.runDelayNs;
    job.queuedBefore = task.queuedNs;
    this.cpus.runWith(task, job.work, this.compressed, job);
  }

  /** A drain's CPU job ended: its pages go to zram, then the worker drains again. */
  private readonly compressed = (job: DrainJob): void => {
    const i = job.worker;
    const task = this.tasks[i];
    this.waitNs += task.runDelayNs - job.delayBefore;
    this.queuedNs += task.queuedNs - job.queuedBefore;
    this.pages[i] += job.n;
    this.compressNs[i] += job.work;
    const b = Math.min(Math.floor(this.ev.now / this.binNs), this.pageBins[i].length - 1);
    this.pageBins[i][b] += job.n;
    this.compressBins[i][b] += job.work;
    this.written(job.batch, job.n, task, job.next);
  };
}

interface DrainJob {
  worker: number;
  /** batch[0..n): the folios popped for this CPU job. */
  batch: PageSample[];
  n: number;
  work: number;
  /** The worker's run delay and queued time when the job was submitted. */
  delayBefore: number;
  queuedBefore: number;
  next: () => void;
}

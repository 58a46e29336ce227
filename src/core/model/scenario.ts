// One scenario of a replay (today's kernel, or with kcompressd) as a set of processes over one shared environment,
// SimPy style: the event queue and the cores (cpus.ts), the node's zones and LRU (zones.ts), the swap area
// (zram/swapArea.ts) and the reclaim-side LRU state. Each kernel actor is its own file and acts on this context:
// the tasks (tasks.ts), the page allocator (pageAlloc.ts), kswapd (kswapd.ts), direct and memcg reclaim
// (directReclaim.ts), shrink_lruvec/shrink_folio_list (vmscan.ts) and kcompressd (kcompressd.ts).
import type { PageCosts } from './costs';
import { RunQueueShares } from './cfsShare';
import { Cpus, Task } from './cpus';
import { DOUBLE_ZERO } from './doubleZero';
import { EventQueue } from './eventQueue';
import type { Kcompressd } from './kcompressd';
import type { Kswapd } from './kswapd';
import { Rng } from './rng';
import type { Workload } from './workload';
import { zsmallocPages } from './pageAlloc';
import type { PageCorpus, PageSample } from './zram/corpus';
import { SwapArea } from './zram/swapArea';
import { NodeZones } from './zones';

/** include/linux/swap.h: pages per LRU isolation batch. */
export const SWAP_CLUSTER_MAX = 32;
/** mm/vmscan.c: the first (lightest) scan priority; a pass scans lru_size >> priority. */
export const DEF_PRIORITY = 12;
/** mm/internal.h: balance_pgdat() passes without progress before kswapd is left asleep. */
export const MAX_RECLAIM_RETRIES = 16;
/** One jiffy-free second, for timeouts written as HZ fractions in the kernel. */
export const HZ_NS = 1e9;

/** Per-bin series and totals of one scenario. */
export interface ScenarioOutput {
  binNs: number;
  bins: number;
  durationNs: number;
  freePages: Float64Array;
  pgstealAnon: Float64Array;
  pgscanAnon: Float64Array;
  swapOut: Float64Array; // pswpout + swpout_zero
  allocstalls: Float64Array;
  /** kswapd going from asleep to awake, from awake to asleep, and ns awake, per bin (the trace's awake spans). */
  kswapdWakes: Float64Array;
  kswapdSleeps: Float64Array;
  kswapdAwakeNs: Float64Array;
  directNs: Float64Array;
  memcgNs: Float64Array;
  fifoDepth: Float64Array;
  /** The deepest single worker FIFO at each sample. */
  fifoDeepest: Float64Array;
  zramOrig: Float64Array;
  zramCompr: Float64Array;
  zramMemUsed: Float64Array;
  /** Pages the tasks were served (their intent met), per bin. */
  served: Float64Array;
  /** memcg charges not yet reclaimed for: the largest backlog in the bin (pages try_charge_memcg() still waits to
   *  reclaim), and pages given up when try_to_free_mem_cgroup_pages() freed nothing — how far memcg reclaim fell
   *  behind the replayed charges. */
  memcgBacklog: Float64Array;
  memcgGivenUp: Float64Array;
  /** The largest backlog of the workload's own allocations in the bin: pages __alloc_pages() still owes the tasks
   *  after the tick (waiting in direct reclaim or for free pages) — how far the replay fell behind the demand. */
  allocBacklog: Float64Array;
  kswapd: Task;
  /** The allocating tasks: their direct and memcg reclaim (and the eater's own faults under saturate). */
  tasks: Task;
  kcompressd?: Kcompressd;
  /** kswapd awake spans (wake from sleep → mm_vmscan_kswapd_sleep), ns from the start. */
  kswapdAwake: { start: number[]; end: number[] };
  totals: {
    pgstealAnon: number; pgstealFile: number; pgscanAnon: number; pgscanFile: number; pswpout: number;
    swpoutZero: number; allocstalls: number; directNs: number; memcgCalls: number; memcgNs: number;
    /** mm_vmscan_kswapd_wake (one per balance_pgdat() run), mm_vmscan_kswapd_sleep, mm_vmscan_wakeup_kswapd. */
    kswapdWakes: number; kswapdSleeps: number; wakeupRequests: number;
    writebackRescans: number; minPriority: number; kswapdFailures: number;
    /** Folios met under writeback (nr_writeback) and with PG_reclaim under PGDAT_WRITEBACK (nr_immediate). */
    nrWriteback: number; nrImmediate: number;
    /** Time kswapd slept in reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK); tasks in throttle_direct_reclaim(). */
    kswapdThrottledNs: number; directThrottledNs: number;
    servedPages: number; intentPages: number; slotFreeNotify: number;
    /** zram writes that failed because zs_malloc() found no page (-ENOMEM): the folios stayed in memory. */
    zsmallocFailed: number;
    /** Folios met locked in kcompressd's FIFO (mm: folio_trylock() failed, kept); zram writestall (a worker's
     *  zs_malloc() fast path failed and it retried with GFP_NOIO, reclaiming in its own context). */
    lockedKept: number; writestalls: number;
  };
  minFreePages: number;
  /** Free pages per zone at the last sample (the capture's end), by zone name. */
  zoneFreeEnd?: Record<string, number>;
}

export interface ScenarioSetup {
  workload: Workload;
  costs: PageCosts;
  cpus: number;
  corpus: PageCorpus;
  seed: number;
  binNs: number;
}

/** What the scans leave behind on the node's LRU: pages under writeback and pages whose writeback ended. */
export interface LruState {
  /** v1: queued to a worker, under writeback with PG_reclaim (swap_writepage_bdev_async()), back on the inactive list. */
  writeback: number;
  /** v1: writeback done, folio_rotate_reclaimable() moved them to the inactive tail, freed by the next scan. */
  rotated: number;
  /** PGDAT_WRITEBACK: kswapd found a whole pass's isolated pages under writeback. */
  pgdatWriteback: boolean;
}

export class ScenarioContext {
  readonly ev = new EventQueue();
  readonly rng: Rng;
  readonly cpus: Cpus;
  readonly node: NodeZones;
  readonly swap: SwapArea;
  readonly lru: LruState = { writeback: 0, rotated: 0, pgdatWriteback: false };
  readonly out: ScenarioOutput;
  readonly w: Workload;
  readonly costs: PageCosts;
  readonly corpus: PageCorpus;
  /** Set by runScenario once the actors exist (they refer to each other through the context). */
  kswapd!: Kswapd;
  kcompressd?: Kcompressd;
  /** Tasks waiting in throttle_direct_reclaim() on pfmemalloc_wait. */
  readonly pfmemallocWait: (() => void)[] = [];
  private poolPages = 0;

  constructor(setup: ScenarioSetup) {
    const w = setup.workload;
    this.w = w;
    this.costs = setup.costs;
    this.corpus = setup.corpus;
    this.rng = new Rng(setup.seed);
    const bins = Math.max(1, Math.ceil(w.durationNs / setup.binNs));
    const rq = w.runQueue && new RunQueueShares(w.runQueue, setup.cpus, w.tasksPerEntity ?? 1);
    this.cpus = new Cpus(this.ev, setup.cpus, rq ? (t, m) => rq.share(t, m) : w.availability);
    this.node = new NodeZones(w.zones, Number.isFinite(w.anonPages[0]) ? w.anonPages[0] : 0, w.lruYoungShareAtStart);
    this.swap = new SwapArea(w.zeromap);
    const series = () => new Float64Array(bins);
    this.out = {
      binNs: setup.binNs, bins, durationNs: w.durationNs,
      freePages: series(), pgstealAnon: series(), pgscanAnon: series(), swapOut: series(), allocstalls: series(),
      kswapdWakes: series(), kswapdSleeps: series(), kswapdAwakeNs: series(),
      directNs: series(), memcgNs: series(), fifoDepth: series(), fifoDeepest: series(), zramOrig: series(), zramCompr: series(),
      zramMemUsed: series(), served: series(), memcgBacklog: series(), memcgGivenUp: series(), allocBacklog: series(),
      kswapd: new Task('kswapd0', bins, setup.binNs), tasks: new Task('workload', bins, setup.binNs),
      // Set later (runScenario, the last sample): present from the start, so every scenario's output has one shape
      // and code compiled on the first is not thrown away on the next ("wrong map").
      kcompressd: undefined, zoneFreeEnd: undefined,
      kswapdAwake: { start: [], end: [] },
      totals: { pgstealAnon: 0, pgstealFile: 0, pgscanAnon: 0, pgscanFile: 0, pswpout: 0, swpoutZero: 0, allocstalls: 0,
        directNs: DOUBLE_ZERO, memcgCalls: 0, memcgNs: DOUBLE_ZERO, kswapdWakes: 0, kswapdSleeps: 0, wakeupRequests: 0, writebackRescans: 0,
        minPriority: DEF_PRIORITY, kswapdFailures: 0, nrWriteback: 0, nrImmediate: 0, kswapdThrottledNs: DOUBLE_ZERO,
        directThrottledNs: DOUBLE_ZERO, servedPages: DOUBLE_ZERO, intentPages: DOUBLE_ZERO, slotFreeNotify: 0, zsmallocFailed: 0, lockedKept: 0, writestalls: 0 },
      minFreePages: DOUBLE_ZERO,
    };
    this.out.minFreePages = w.initialFreePages; // laid out as a double: free pages turn fractional (doubleZero.ts)
    // Likewise pages (a millisecond's intent is a fraction) and ns (wall time over a CPU share).
    const t = this.out.totals;
    t.intentPages = t.servedPages = t.directNs = t.memcgNs = t.kswapdThrottledNs = t.directThrottledNs = 0;
  }

  bin(): number {
    return Math.min(this.out.bins - 1, Math.floor(this.ev.now / this.out.binNs));
  }

  /** zram_write_page() of one folio: a new zspage's pages come from the zones through the page allocator; false
   *  when zs_malloc() failed for want of pages (the folio stays on the LRU, as on zram_write_page()'s error path). */
  zramStore(s: PageSample, memalloc = true): boolean {
    return this.swap.store(s, memalloc ? this.grantZspage : this.grantZspageNoMemalloc);
  }

  /** alloc_zspage()'s pages for zramStore(), with and without PF_MEMALLOC (one closure each for the run, not one
   *  per store). */
  private grantFor(memalloc: boolean): (pages: number) => boolean {
    return (pages) => {
      if (!zsmallocPages(this, pages, memalloc)) return false;
      this.poolPages += pages;
      return true;
    };
  }

  private readonly grantZspage = this.grantFor(true);
  private readonly grantZspageNoMemalloc = this.grantFor(false);

  /** zsmalloc released zspages since the last look (frees emptied them): their pages go back to the zones. */
  zsmallocFreed(): void {
    const p = this.swap.poolPages;
    if (p < this.poolPages) this.node.release(this.poolPages - p);
    this.poolPages = p;
  }

  noteFree(): void {
    const f = this.node.free;
    if (f < this.out.minFreePages) this.out.minFreePages = f;
  }
}

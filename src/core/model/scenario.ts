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
import type { ZspagePages } from './zram/zramDevice';
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
  totals: ScenarioTotals;
  minFreePages: number;
  /** Free pages per zone at the last sample (the capture's end), by zone name. */
  zoneFreeEnd?: Record<string, number>;
}

/** A scenario's counters over the whole run. */
export interface ScenarioTotals {
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

// The output and its totals are built by constructors, not object literals: a literal built again for the next
// scenario is built from a boilerplate whose placeholders widen its fields' types, and V8 then throws away every
// compiled function that read them (--trace-deopt: "marking dependent code … code dependencies" as each scenario
// starts). A constructor stores the same kinds of value every time. Their fields are ScenarioOutput's.
interface Totals extends ScenarioTotals {}
class Totals {
  constructor() {
    // Pages and ns that turn fractional: doubles from the start (doubleZero.ts), then +0.
    this.directNs = this.memcgNs = this.kswapdThrottledNs = this.directThrottledNs = this.servedPages = this.intentPages = DOUBLE_ZERO;
    this.pgstealAnon = this.pgstealFile = this.pgscanAnon = this.pgscanFile = this.pswpout = this.swpoutZero = this.allocstalls = 0;
    this.memcgCalls = this.kswapdWakes = this.kswapdSleeps = this.wakeupRequests = this.writebackRescans = this.kswapdFailures = 0;
    this.nrWriteback = this.nrImmediate = this.slotFreeNotify = this.zsmallocFailed = this.lockedKept = this.writestalls = 0;
    this.minPriority = DEF_PRIORITY;
    this.directNs = this.memcgNs = this.kswapdThrottledNs = this.directThrottledNs = this.servedPages = this.intentPages = 0;
  }
}

interface Output extends ScenarioOutput {}
class Output {
  constructor(binNs: number, bins: number, durationNs: number, initialFreePages: number) {
    const series = () => new Float64Array(bins);
    this.binNs = binNs;
    this.bins = bins;
    this.durationNs = durationNs;
    this.freePages = series(); this.pgstealAnon = series(); this.pgscanAnon = series(); this.swapOut = series(); this.allocstalls = series();
    this.kswapdWakes = series(); this.kswapdSleeps = series(); this.kswapdAwakeNs = series(); this.directNs = series(); this.memcgNs = series();
    this.fifoDepth = series(); this.fifoDeepest = series(); this.zramOrig = series(); this.zramCompr = series(); this.zramMemUsed = series();
    this.served = series(); this.memcgBacklog = series(); this.memcgGivenUp = series(); this.allocBacklog = series();
    this.kswapd = new Task('kswapd0', bins, binNs);
    this.tasks = new Task('workload', bins, binNs);
    // Set later (runScenario, the last sample): present from the start, so every scenario's output has one shape.
    this.kcompressd = undefined;
    this.zoneFreeEnd = undefined;
    this.kswapdAwake = { start: [], end: [] };
    this.totals = new Totals();
    this.minFreePages = DOUBLE_ZERO;
    this.minFreePages = initialFreePages; // laid out as a double: free pages turn fractional (doubleZero.ts)
  }
}

/** A context's zspage pages with or without PF_MEMALLOC, as ZramDevice.store() takes them. */
class ZspageGrant implements ZspagePages {
  constructor(private readonly ctx: ScenarioContext, private readonly memalloc: boolean) {}
  take(pages: number): boolean {
    return this.ctx.grantPages(pages, this.memalloc);
  }
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
    this.cpus = new Cpus(this.ev, setup.cpus, rq || w.availability);
    this.node = new NodeZones(w.zones, Number.isFinite(w.anonPages[0]) ? w.anonPages[0] : 0, w.lruYoungShareAtStart);
    this.swap = new SwapArea(w.zeromap);
    this.out = new Output(setup.binNs, bins, w.durationNs, w.initialFreePages);
  }

  bin(): number {
    return Math.min(this.out.bins - 1, Math.floor(this.ev.now / this.out.binNs));
  }

  /** zram_write_page() of one folio: a new zspage's pages come from the zones through the page allocator; false
   *  when zs_malloc() failed for want of pages (the folio stays on the LRU, as on zram_write_page()'s error path). */
  zramStore(s: PageSample, memalloc = true): boolean {
    return this.swap.store(s, memalloc ? this.grantZspage : this.grantZspageNoMemalloc);
  }

  /** alloc_zspage()'s pages for zramStore(), with and without PF_MEMALLOC (one object each for the run, not one
   *  per store). */
  private readonly grantZspage = new ZspageGrant(this, true);
  private readonly grantZspageNoMemalloc = new ZspageGrant(this, false);

  /** zsmallocPages() for a new zspage of `pages`; the pool's pages as this context last saw them grow with it. */
  grantPages(pages: number, memalloc: boolean): boolean {
    if (!zsmallocPages(this, pages, memalloc)) return false;
    this.poolPages += pages;
    return true;
  }

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

// One scenario of a replay (today's kernel, or with kcompressd): the allocating tasks draw the workload's demand
// from the node's zones (zones.ts: each zone's watermarks, as the page allocator and kswapd check them); kswapd,
// direct and memcg reclaim give pages back in SWAP_CLUSTER_MAX batches whose CPU cost comes from the page costs;
// zram stores what swap-out writes. Batches, not pages, are the events.
import { CancelledError } from '../errors';
import type { PageCosts } from './costs';
import { Cpus, Task } from './cpus';
import { EventQueue } from './eventQueue';
import { Kcompressd } from './offload';
import type { OffloadPolicy } from './offload';
import { Rng } from './rng';
import type { Workload } from './workload';
import type { PageCorpus, PageSample } from './zram/corpus';
import { PAGE_CLASSES } from './zram/pageClasses';
import { NodeZones } from './zones';
import { SwapArea } from './zramPort';

export const SWAP_CLUSTER_MAX = 32;
const DEF_PRIORITY = 12;
/** The allocator's clock: demand is handed out and watermarks checked every millisecond. */
const TICK_NS = 1e6;
/** Scan batches one direct/memcg reclaim call may take before giving up (12 priorities × the batch per priority). */
const MAX_CALL_BATCHES = DEF_PRIORITY * 4;
// Event priorities at equal times: CPU completions, then the allocator, then series samples.
const P_TICK = 1;
const P_SAMPLE = 2;

export interface ScenarioSetup {
  workload: Workload;
  costs: PageCosts;
  cpus: number;
  corpus: PageCorpus;
  seed: number;
  binNs: number;
  offload?: OffloadPolicy;
}

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
  /** kswapd going from asleep to awake, from awake to asleep, and ns awake, per bin (the trace's kswapd_wake/sleep). */
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
  kswapd: Task;
  /** The allocating tasks: their direct and memcg reclaim. */
  tasks: Task;
  kcompressd?: Kcompressd;
  totals: {
    pgstealAnon: number; pgstealFile: number; pgscanAnon: number; pgscanFile: number; pswpout: number;
    swpoutZero: number; allocstalls: number; directNs: number; memcgCalls: number; memcgNs: number; kswapdWakes: number;
    writebackRescans: number; minPriority: number;
  };
  minFreePages: number;
  zram: SwapArea;
}

interface Batch {
  cpuNs: number;
  anon: number; // reclaimed anon pages freed in this batch
  file: number;
  scanAnon: number;
  scanFile: number;
  queue: PageSample[]; // written asynchronously (kcompressd), freed on a later scan
  store: PageSample[]; // written synchronously into zram
  zero: PageSample[]; // zero pages: recorded in the swap zeromap, never written
}

export async function runScenario(setup: ScenarioSetup, hooks: { signal?: AbortSignal; onProgress?: (f: number) => void } = {}): Promise<ScenarioOutput> {
  const { workload: w, costs, corpus } = setup;
  const ev = new EventQueue();
  const rng = new Rng(setup.seed);
  const bins = Math.max(1, Math.ceil(w.durationNs / setup.binNs));
  const cpus = new Cpus(ev, setup.cpus, w.availability);
  const kswapd = new Task('kswapd0', bins, setup.binNs);
  const tasks = new Task('workload', bins, setup.binNs);
  const awake = new Task('kswapd awake', bins, setup.binNs); // wall time awake, on CPU or not
  const zram = new SwapArea(w.zeromap);
  const series = () => new Float64Array(bins);
  const out: ScenarioOutput = {
    binNs: setup.binNs, bins, durationNs: w.durationNs,
    freePages: series(), pgstealAnon: series(), pgscanAnon: series(), swapOut: series(), allocstalls: series(),
    kswapdWakes: series(), kswapdSleeps: series(), kswapdAwakeNs: awake.busyBins,
    directNs: series(), memcgNs: series(), fifoDepth: series(), fifoDeepest: series(), zramOrig: series(), zramCompr: series(), zramMemUsed: series(),
    kswapd, tasks, zram,
    totals: { pgstealAnon: 0, pgstealFile: 0, pgscanAnon: 0, pgscanFile: 0, pswpout: 0, swpoutZero: 0, allocstalls: 0,
      directNs: 0, memcgCalls: 0, memcgNs: 0, kswapdWakes: 0, writebackRescans: 0, minPriority: DEF_PRIORITY },
    minFreePages: w.initialFreePages,
  };
  const bin = () => Math.min(bins - 1, Math.floor(ev.now / setup.binNs));

  const node = new NodeZones(w.zones, Number.isFinite(w.anonPages[0]) ? w.anonPages[0] : 0);
  let anonTaken = 0; // anon pages this replay took off the LRU (reclaimed or queued for writeback)
  let interval = 0;
  const anonLeft = () => w.anonPages[interval] - anonTaken > 0;
  let poolPages = 0;
  let rescan = 0; // written back by kcompressd, waiting for the next scan to free them
  const compressByClass = Object.fromEntries(PAGE_CLASSES.map((c, i) => [c, costs.compress[i] + costs.store])) as Record<string, number>;
  const writeNs = (s: PageSample) => (s.sameFilled ? costs.same : compressByClass[s.cls]);
  const zramChanged = () => {
    const p = zram.poolPages;
    // zsmalloc allocates in reclaim context (PF_MEMALLOC): no watermark holds it back.
    if (p > poolPages) node.take(p - poolPages, 'none');
    else node.release(poolPages - p);
    poolPages = p;
  };
  // zsmalloc's growth is taken from the free pool at the next millisecond tick (mm_stat is not free to read).
  const storeAll = (pages: PageSample[]) => {
    for (const s of pages) zram.store(s);
  };

  const kc = setup.offload
    ? new Kcompressd(ev, cpus, setup.offload, bins, setup.binNs, writeNs, (pages) => {
      storeAll(pages);
      rescan += pages.length;
    })
    : undefined;
  out.kcompressd = kc;

  /**
   * Scans up to `nScan` pages; `async` hands non-zero anon pages to kcompressd instead of writing them here.
   * `global` reclaim draws on the node's anon LRU; memcg reclaim on the cgroup's own pages (recharged at once).
   */
  function scanBatch(nScan: number, async: boolean, global: boolean): Batch {
    const b: Batch = { cpuNs: 0, anon: 0, file: 0, scanAnon: 0, scanFile: 0, queue: [], store: [], zero: [] };
    const again = global ? Math.min(rescan, nScan) : 0; // kswapd's written-back pages sit on the node LRU
    rescan -= again;
    b.scanAnon += again;
    b.anon += again;
    b.cpuNs += again * costs.scan;
    out.totals.writebackRescans += again;
    for (let k = again; k < nScan; k++) {
      const anon = (!global || anonLeft()) && (w.scanAnonShare >= 1 || rng.next() < w.scanAnonShare);
      b.cpuNs += costs.scan;
      if (!anon) {
        b.scanFile++;
        if (rng.next() < w.fileReclaimable) { b.file++; b.cpuNs += costs.file; }
        continue;
      }
      b.scanAnon++;
      if (w.anonReclaimable < 1 && rng.next() >= w.anonReclaimable) continue; // referenced: rotated
      anonTaken++;
      b.cpuNs += costs.unmap;
      const s = corpus.draw(rng);
      if (s.zero && w.zeromap) { b.zero.push(s); b.anon++; b.cpuNs += costs.same; continue; }
      if (async) { b.queue.push(s); b.cpuNs += costs.queue; continue; }
      b.store.push(s);
      b.cpuNs += writeNs(s);
      b.anon++;
    }
    return b;
  }

  /** Counts a finished batch; `global` reclaim returns its pages to the free pool (memcg reclaim's are recharged). */
  function apply(b: Batch, global: boolean): void {
    storeAll(b.store);
    storeAll(b.zero);
    const i = bin();
    out.pgstealAnon[i] += b.anon;
    out.pgscanAnon[i] += b.scanAnon;
    out.swapOut[i] += b.store.length + b.queue.length + b.zero.length;
    const t = out.totals;
    t.pgstealAnon += b.anon;
    t.pgstealFile += b.file;
    t.pgscanAnon += b.scanAnon;
    t.pgscanFile += b.scanFile;
    t.pswpout += b.store.length + b.queue.length;
    t.swpoutZero += b.zero.length;
    if (global) {
      node.releaseAnon(b.anon);
      node.release(b.file);
    }
  }

  // --- kswapd: woken when every zone fails LOW, reclaims batch after batch until one zone is above HIGH.
  let kswapdAwake = false;
  let awakeSince = 0;
  let priority = DEF_PRIORITY;
  function wakeKswapd(): void {
    if (kswapdAwake || node.balanced()) return; // wakeup_kswapd() leaves a balanced node alone
    kswapdAwake = true;
    awakeSince = ev.now;
    out.totals.kswapdWakes++;
    out.kswapdWakes[bin()]++;
    priority = DEF_PRIORITY;
    kswapdRun();
  }
  function kswapdRun(): void {
    if (node.balanced() || (!anonLeft() && w.scanAnonShare >= 1 && rescan === 0)) return sleepKswapd();
    const b = scanBatch(SWAP_CLUSTER_MAX, kc !== undefined, true);
    cpus.run(kswapd, b.cpuNs, () => {
      apply(b, true);
      const busy: PageSample[] = [];
      for (const s of b.queue) if (!kc!.submit(s)) busy.push(s);
      // balance_pgdat() raises the scan pressure (priority 12 → 1) while batches free little of what they scan.
      if (b.anon + b.file < SWAP_CLUSTER_MAX / 4 && priority > 1) priority--;
      if (priority < out.totals.minPriority) out.totals.minPriority = priority;
      // Nothing reclaimable even at the highest pressure: kswapd gives up until the allocator wakes it again.
      if (priority === 1 && b.anon + b.file + b.queue.length === 0) return sleepKswapd();
      if (busy.length === 0) return kswapdRun();
      // -EBUSY: zram_submit_bio() writes these pages in kswapd's own context.
      let ns = 0;
      for (const s of busy) ns += writeNs(s);
      cpus.run(kswapd, ns, () => {
        storeAll(busy);
        out.totals.pgstealAnon += busy.length;
        out.pgstealAnon[bin()] += busy.length;
        node.releaseAnon(busy.length);
        kswapdRun();
      });
    });
  }

  /** kswapd_try_to_sleep(): back to the wait queue until the allocator wakes it. */
  function sleepKswapd(): void {
    kswapdAwake = false;
    out.kswapdSleeps[bin()]++;
    awake.addBusy(awakeSince, ev.now, 1);
  }

  /** One direct or memcg reclaim call in the task's context: batches until SWAP_CLUSTER_MAX pages are freed. */
  function reclaimCall(global: boolean, done: (freed: number) => void): void {
    const all: Batch[] = [];
    let freed = 0;
    let cpuNs = 0;
    for (let k = 0; k < MAX_CALL_BATCHES && freed < SWAP_CLUSTER_MAX; k++) {
      const b = scanBatch(SWAP_CLUSTER_MAX, false, global);
      if (b.scanAnon + b.scanFile === 0) break;
      all.push(b);
      freed += b.anon + b.file;
      cpuNs += b.cpuNs;
    }
    cpus.run(tasks, cpuNs, () => {
      for (const b of all) apply(b, global);
      done(freed);
    });
  }

  // --- the allocating tasks
  let backlog = 0;
  let memcgBacklog = 0;
  let swapInDebt = 0;
  let swapInZeroDebt = 0;
  let busy = false;

  function allocate(): void {
    if (busy) return;
    if (w.saturate) {
      // The eater takes everything above min and sleeps while it cannot (its guard); kswapd does the reclaim.
      node.take(Infinity, 'min');
      if (node.fails('low')) wakeKswapd();
      return;
    }
    if (backlog <= 0) return;
    backlog -= node.take(backlog, 'low');
    if (backlog <= 0) return;
    // Slow path: every zone failed LOW; wake kswapd and dip towards MIN.
    wakeKswapd();
    backlog -= node.take(backlog, 'min');
    if (backlog <= 0) return;
    // Below min: __alloc_pages_direct_reclaim() in the task's context.
    busy = true;
    const start = ev.now;
    out.totals.allocstalls++;
    out.allocstalls[bin()]++;
    reclaimCall(true, (freed) => {
      busy = false;
      out.totals.directNs += ev.now - start;
      out.directNs[bin()] += ev.now - start;
      if (freed === 0 && node.fails('min')) { backlog = 0; return; } // nothing reclaimable: the request fails (OOM territory)
      allocate();
      chargeMemcg();
    });
  }

  function chargeMemcg(): void {
    if (busy || memcgBacklog < 1) return;
    busy = true;
    const start = ev.now;
    out.totals.memcgCalls++;
    reclaimCall(false, (freed) => {
      busy = false;
      // A call frees at least SWAP_CLUSTER_MAX pages: what exceeds the charge is headroom below the limit.
      memcgBacklog = freed === 0 ? 0 : memcgBacklog - freed;
      out.totals.memcgNs += ev.now - start;
      out.memcgNs[bin()] += ev.now - start;
      chargeMemcg();
      allocate();
    });
  }

  function tick(): void {
    const t = ev.now;
    while (interval < w.endNs.length - 1 && w.endNs[interval] <= t) interval++;
    const begin = interval === 0 ? 0 : w.endNs[interval - 1];
    const span = Math.max(1, w.endNs[interval] - begin);
    const f = TICK_NS / span;
    if (!w.saturate && t < w.durationNs) {
      const d = w.globalDemand[interval] * f;
      if (d >= 0) backlog += d;
      else node.release(-d);
      memcgBacklog += w.memcgDemand[interval] * f;
      swapInDebt += w.swapIn[interval] * f;
      swapInZeroDebt += w.swapInZero[interval] * f;
      if (swapInDebt >= 1) {
        const n = Math.floor(swapInDebt);
        swapInDebt -= n;
        zram.swapIn(n, rng);
      }
      if (swapInZeroDebt >= 1) {
        const n = Math.floor(swapInZeroDebt);
        swapInZeroDebt -= n;
        zram.swapInZero(n, rng);
      }
    }
    zramChanged();
    allocate();
    chargeMemcg();
    if (node.free < out.minFreePages) out.minFreePages = node.free;
    if (t + TICK_NS < w.durationNs) ev.at(t + TICK_NS, P_TICK, tick);
  }

  function sample(i: number): void {
    const free = node.free;
    out.freePages[i] = free;
    if (free < out.minFreePages) out.minFreePages = free;
    out.fifoDepth[i] = kc ? kc.depth() : 0;
    out.fifoDeepest[i] = kc ? kc.deepestFifo() : 0;
    const st = zram.stat();
    out.zramOrig[i] = st.origDataSize;
    out.zramCompr[i] = st.comprDataSize;
    out.zramMemUsed[i] = st.memUsedTotal;
  }

  ev.at(0, P_TICK, tick);
  for (let i = 0; i < bins; i++) ev.at(Math.min(w.durationNs, (i + 1) * setup.binNs) - 1, P_SAMPLE, () => sample(i));
  const stepNs = 1e9;
  for (let t = stepNs; ; t += stepNs) {
    if (hooks.signal?.aborted) throw new CancelledError();
    const until = Math.min(t, w.durationNs);
    ev.runUntil(until);
    hooks.onProgress?.(until / w.durationNs);
    if (until >= w.durationNs) break;
    await new Promise<void>((r) => setImmediate(r));
  }
  kc?.finish();
  if (kswapdAwake) awake.addBusy(awakeSince, w.durationNs, 1); // still awake at the end
  return out;
}

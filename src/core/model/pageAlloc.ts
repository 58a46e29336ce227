// The page allocator's watermark logic (mm/page_alloc.c) over the node's zonelist: the fast path at LOW, the slow
// path that wakes kswapd and retries at MIN, and the no-watermark allocations of tasks already reclaiming.
import { DOUBLE_ZERO } from './doubleZero';
import { MAX_RECLAIM_RETRIES, type ScenarioContext } from './scenario';

export interface AllocResult {
  /** Pages obtained. */
  got: number;
  /** The request is still short after the slow path's MIN attempt: the caller enters direct reclaim. */
  short: number;
}

/** allocPages()'s answer, refilled every call (the tasks allocate every millisecond): pages are fractional, so its
 *  fields are doubles from the start (doubleZero.ts). */
const allocated: AllocResult = { got: DOUBLE_ZERO, short: DOUBLE_ZERO };

/** get_page_from_freelist(ALLOC_WMARK_LOW) over the zonelist, then __alloc_pages_slowpath(): wake_all_kswapds(),
 *  get_page_from_freelist(ALLOC_WMARK_MIN). Pages taken go onto the LRU in the zone that gave them. The same object
 *  every call: read it before the next. */
export function allocPages(ctx: ScenarioContext, n: number): Readonly<AllocResult> {
  if (n <= 0) {
    allocated.got = allocated.short = 0;
    return allocated;
  }
  let got = ctx.node.take(n, 'low');
  if (got < n) {
    ctx.kswapd.wakeup();
    got += ctx.node.take(n - got, 'min');
  }
  ctx.noteFree();
  allocated.got = got;
  allocated.short = n - got;
  return allocated;
}

/** zs_malloc() → alloc_zspage() → alloc_page(GFP_NOIO | __GFP_HIGHMEM | __GFP_MOVABLE) for a new zspage's `n`
 *  pages: the same fast path at LOW and slow path at MIN; a writer with PF_MEMALLOC (kswapd, v1's kcompressd
 *  workers, a task already in reclaim) takes what is still short with ALLOC_NO_WATERMARKS
 *  (__gfp_pfmemalloc_flags()). With fewer than `n` pages left in the node even so — or, for a writer without
 *  PF_MEMALLOC (mm's kcompressd), above MIN — alloc_zspage() fails and takes none: false (zs_malloc() returns
 *  -ENOMEM). zspages are not on the LRU; without CONFIG_COMPACTION they are unmovable (`zspagesUnmovable`), and boost the
 *  watermarks they fall back through. */
export function zsmallocPages(ctx: ScenarioContext, n: number, memalloc = true): boolean {
  if (n <= 0) return true;
  if (ctx.node.free < n) {
    ctx.kswapd.wakeup(); // the slow path ran (and woke kswapd) before the allocation failed
    return false;
  }
  const unmovable = ctx.w.zspagesUnmovable === true;
  let got = ctx.node.take(n, 'low', false, unmovable);
  if (got < n) {
    ctx.kswapd.wakeup();
    got += ctx.node.take(n - got, 'min', false, unmovable);
  }
  if (got < n && !memalloc) {
    ctx.node.release(got); // alloc_zspage() frees the pages it got before failing
    wakeBoosted(ctx);
    return false;
  }
  if (got < n) ctx.node.take(n - got, 'none', false, unmovable);
  wakeBoosted(ctx);
  ctx.noteFree();
  return true;
}

/** rmqueue(): an allocation that found ZONE_BOOSTED_WATERMARK set clears it and wakes kswapd (ALLOC_KSWAPD: every
 *  allocation here may wake it), even on a balanced node. */
function wakeBoosted(ctx: ScenarioContext): void {
  if (!ctx.node.boostedWake) return;
  ctx.node.boostedWake = false;
  ctx.kswapd.wakeup();
}

/** allow_direct_reclaim(): the lowmem zones' free pages are above half their pfmemalloc reserve (Σ min), or kswapd
 *  gave the node up (kswapd_failures ≥ MAX_RECLAIM_RETRIES: leave it to direct reclaim). */
export function allowDirectReclaim(ctx: ScenarioContext): boolean {
  return ctx.kswapd.failures >= MAX_RECLAIM_RETRIES || ctx.node.free > ctx.node.minSum / 2;
}

// mm/vmscan.c on the modelled LRU: get_scan_count() sizes a pass, shrink_inactive_list() isolates up to
// SWAP_CLUSTER_MAX folios from the inactive tail and shrink_folio_list() decides each one's fate: freed, rotated
// (referenced), kept under writeback, written to zram synchronously or handed to kcompressd.
import { PAGE_CLASSES } from './zram/pageClasses';
import type { PageSample } from './zram/corpus';
import type { PageCosts } from './costs';
import type { ScenarioContext } from './scenario';
import { tlbShootdownByIpisNs, tlbShootdownNs } from './tlbShootdown';
import { DOUBLE_ZERO } from './doubleZero';

export type Reclaimer = 'kswapd' | 'direct' | 'memcg';

/** An empty array laid out for objects from the start: `[]` holds small integers until its first object, so the
 *  compiled code that pushed onto the last scenario's lists meets another layout on this one's and is thrown away
 *  (--trace-deopt: "wrong map", "not a Smi" in shrinkFolioList). */
function objectArray<T extends object>(): T[] {
  const a = [null] as unknown as T[];
  a.length = 0;
  return a;
}

/** A batch's folios of one fate; `items[0..length)` hold them. Refilled batch after batch without giving back its
 *  storage (an Array's `length = 0` trims its backing store, so every batch would allocate it again). */
export class PageList {
  readonly items: PageSample[] = objectArray<PageSample>();
  length = 0;
  push(s: PageSample): void {
    if (this.length < this.items.length) this.items[this.length] = s;
    else this.items.push(s);
    this.length++;
  }
}

/** One shrink_folio_list() batch: what it scanned, freed and wrote, and its CPU cost. */
export interface Batch {
  cpuNs: number;
  scanAnon: number;
  scanFile: number;
  /** Pages freed by this batch (rotated ones included). */
  stealAnon: number;
  stealFile: number;
  /** Of stealAnon: folios kcompressd had written, freed on this scan (v1 from the inactive tail, mm where the list's
   *  order brings them). */
  rotatedFreed: number;
  /** mm: folios met locked in kcompressd's FIFO; folio_trylock() failed, so they were kept (scanned, not stolen). */
  locked: number;
  /** Folios met still under writeback: first meeting sets PG_reclaim (nr_writeback); under PGDAT_WRITEBACK with
   *  PG_reclaim already set they count as nr_immediate. Both are kept. */
  writeback: number;
  immediate: number;
  /** Anon folios handed to kcompressd (kswapd only); the caller submits them. */
  queue: PageList;
  /** Written to zram in the reclaimer's own context (synchronous swap_writepage). */
  store: PageList;
  /** Zero folios: swap zeromap, no zram write. */
  zero: PageList;
}

const writeCosts = new WeakMap<PageCosts, (s: PageSample) => number>();

/** CPU ns to write one folio into zram: the word scan for same-filled pages, else compression + zs_malloc/copy. One
 *  function per costs object, so the scenarios that share their costs (today's and kcompressd's) call the same one:
 *  a new one per scenario was another call target for the compiled scan (--trace-deopt: "wrong call target", and
 *  "weak objects" once the last scenario's was collected). */
export function writeCost(costs: PageCosts): (s: PageSample) => number {
  let write = writeCosts.get(costs);
  if (!write) {
    const byClass = Float64Array.from(PAGE_CLASSES, (_, i) => costs.compress[i] + costs.store);
    write = (s) => (s.sameFilled ? costs.same : byClass[s.ci]);
    writeCosts.set(costs, write);
  }
  return write;
}

/** get_scan_count(): pages one pass at `priority` scans, lru_size >> priority over the anon and file lists, and the
 *  anon share of them (the workload's LRU balance from the capture's pgscan counters; no anon left → file only). */
export function scanTarget(ctx: ScenarioContext, priority: number): { pages: number; anonShare: number } {
  const anon = Math.max(0, Math.floor(ctx.node.lruPages)); // lru_size() counts whole folios: no fractional dust
  const share = anon > 0 ? ctx.w.scanAnonShare : 0;
  const file = share < 1 && share > 0 ? (anon * (1 - share)) / share : share === 0 ? ctx.w.fileLruPages : 0;
  return { pages: Math.floor((anon + file) / 2 ** priority), anonShare: share };
}

/** The chance that global reclaim's scan meets one of `folios` among the LRU's `lruPages` (memcg reclaim scans its
 *  own list, where the model places none of them). A function, not a closure per batch: no allocation. */
const meetShare = (global: boolean, folios: number, lruPages: number): number =>
  (global && lruPages > 0 ? Math.min(1, folios / lruPages) : 0);

/** A batch built by a constructor, not an object literal: a literal built again for the next scenario's kswapd is built
 *  from a boilerplate whose placeholders widen its fields' types, which throws away the compiled scan (see Totals in
 *  scenario.ts). */
class ReclaimBatch implements Batch {
  cpuNs = DOUBLE_ZERO;
  scanAnon = 0;
  scanFile = 0;
  stealAnon = 0;
  stealFile = 0;
  rotatedFreed = 0;
  locked = 0;
  writeback = 0;
  immediate = 0;
  readonly queue = new PageList();
  readonly store = new PageList();
  readonly zero = new PageList();
}

export const newBatch = (): Batch => new ReclaimBatch();

/** Empties `b` for another batch; its lists keep their storage. */
function reuse(b: Batch): Batch {
  b.cpuNs = b.scanAnon = b.scanFile = b.stealAnon = b.stealFile = b.rotatedFreed = b.locked = b.writeback = b.immediate = 0;
  b.queue.length = b.store.length = b.zero.length = 0;
  return b;
}

/** shrink_inactive_list() + shrink_folio_list() on up to `n` folios. `async`: kswapd with kcompressd loaded. `noio`:
 *  a GFP_NOIO reclaimer (sc->gfp_mask without __GFP_IO), which cannot add anon folios to the swap cache. `into`: a
 *  batch of the caller's that is done with (applied and its lists read), refilled instead of a new one. */
export function shrinkFolioList(ctx: ScenarioContext, n: number, who: Reclaimer, anonShare: number, async: boolean,
  write: (s: PageSample) => number, noio = false, into?: Batch): Batch {
  const { costs, rng, lru, w } = ctx;
  const b = into ? reuse(into) : newBatch();
  const global = who !== 'memcg';
  // folio_rotate_reclaimable() put the folios whose writeback ended at the tail: they are isolated first and freed.
  if (global && lru.rotated > 0 && anonShare > 0) {
    const again = Math.min(lru.rotated, n);
    lru.rotated -= again;
    b.scanAnon += again;
    b.stealAnon += again;
    b.rotatedFreed = again;
    b.cpuNs += again * costs.scan;
  }
  // try_to_unmap() + the batched TLB flush: arch_tlbbatch_flush() IPIs only the other CPUs that are not idle (lazy
  // TLB), so on one CPU, or beside an idle one, the shootdown costs nothing beyond the local flush.
  // With tlb:tlb_flush in both the profile's capture and this one, the IPIs kswapd's flushes got answered measure it.
  const ipis = ctx.w.ipisPerFolio;
  const tlbNs = costs.tlbIpisPerFolio !== undefined && ipis ? tlbShootdownByIpisNs(costs.tlb, costs.tlbIpisPerFolio, ipis, ctx.ev.now)
    : tlbShootdownNs(costs.tlb, costs.tlbTargetsBusy, ctx.w.ipiTargets, ctx.ev.now, costs.tlbIdleRatio);
  const unmapNs = costs.unmap + (ctx.cpus.cores > 1 ? tlbNs : 0);
  const lruPages = ctx.node.lruPages;
  const pWriteback = meetShare(global, lru.writeback, lruPages);
  // The fates of the batch's folios are drawn per batch: how many are file, under writeback or referenced, each count
  // from its binomial law (the folios are independent), then one page sample per folio written.
  const m = n - b.scanAnon;
  b.cpuNs += m * costs.scan;
  const anon = anonShare >= 1 ? m : rng.binomial(m, anonShare);
  const file = m - anon;
  const fileSteal = rng.binomial(file, w.fileReclaimable);
  b.scanFile += file;
  b.stealFile += fileSteal;
  b.cpuNs += fileSteal * costs.file;
  b.scanAnon += anon;
  const wb = rng.binomial(anon, pWriteback);
  if (who === 'kswapd' && lru.pgdatWriteback) b.immediate += wb;
  else b.writeback += wb;
  // folio_check_references(): global reclaim meets the node's inactive list in order (young PTEs kept, the rest
  // reclaimed); a memcg's own list is not modelled, so memcg reclaim keeps the capture's steal/scan ratio.
  const rest = anon - wb;
  const inactive = ctx.node.inactive;
  const refs = global ? inactive.isolate(rest) : undefined;
  // mm: folios met that kcompressd has — still locked in its FIFO, folio_trylock() fails (keep); written, a clean
  // swap-cache folio, already unmapped, that __remove_mapping() frees.
  if (refs) {
    b.locked += inactive.metLocked;
    b.stealAnon += inactive.metClean;
    b.rotatedFreed += inactive.metClean;
  }
  const unreferenced = refs ? refs.reclaim : rng.binomial(rest, w.anonReclaimable);
  // add_to_swap() needs __GFP_IO: without it the folios are not in the swap cache and are kept (keep_locked).
  const unmapped = noio ? 0 : unreferenced;
  if (global) inactive.putBack(unreferenced - unmapped);
  // The kept folios go back to the head with their zones (move_folios_to_lru()).
  if (refs) ctx.node.rotateAnon(refs.kept + inactive.metLocked + unreferenced - unmapped);
  // Summed in locals, in the same order as into the batch's fields.
  let cpuNs = b.cpuNs;
  let stolen = 0;
  const { corpus } = ctx;
  const zeromap = w.zeromap;
  // Read whichever the folios need, kcompressd's or not: a load first run on the kcompressd scenario, after the
  // baseline compiled this loop, threw the compiled loop away (--trace-deopt: insufficient type feedback).
  const { queue, store, zero } = b;
  const sameNs = costs.same;
  const queueNs = costs.queue;
  const written = async ? queue : store;
  for (let k = 0; k < unmapped; k++) {
    cpuNs += unmapNs;
    const s = corpus.draw(rng);
    if (s.zero && zeromap) { zero.push(s); stolen++; cpuNs += sameNs; continue; }
    written.push(s);
    cpuNs += async ? queueNs : write(s);
    if (!async) stolen++;
  }
  b.cpuNs = cpuNs;
  b.stealAnon += stolen;
  return b;
}

/** zram writes of the folios a reclaimer compressed itself (`pages[0..n)`); returns how many zs_malloc() refused
 *  (-ENOMEM: those folios were not written and stay on the LRU, see ScenarioContext.zramStore). */
function storeAll(ctx: ScenarioContext, pages: readonly PageSample[], n = pages.length): number {
  let failed = 0;
  for (let k = 0; k < n; k++) if (!ctx.zramStore(pages[k])) failed++;
  ctx.out.totals.zsmallocFailed += failed;
  return failed;
}

/** The batch's effects once its CPU time has passed: zram stores, counters, and (global reclaim) the freed pages
 *  back to their zones; memcg reclaim's pages are charged again by the task at once. */
export function applyBatch(ctx: ScenarioContext, b: Batch, who: Reclaimer): void {
  const { out, node } = ctx;
  const failed = storeAll(ctx, b.store.items, b.store.length);
  for (let k = 0; k < b.zero.length; k++) ctx.zramStore(b.zero.items[k]); // the zeromap needs no zsmalloc memory
  b.stealAnon -= failed;
  const i = ctx.bin();
  const t = out.totals;
  out.pgstealAnon[i] += b.stealAnon;
  out.pgscanAnon[i] += b.scanAnon;
  out.swapOut[i] += b.store.length - failed + b.queue.length + b.zero.length;
  t.pgstealAnon += b.stealAnon;
  t.pgstealFile += b.stealFile;
  t.pgscanAnon += b.scanAnon;
  t.pgscanFile += b.scanFile;
  t.pswpout += b.store.length - failed + b.queue.length;
  t.swpoutZero += b.zero.length;
  t.writebackRescans += b.rotatedFreed;
  t.nrWriteback += b.writeback;
  t.nrImmediate += b.immediate;
  t.lockedKept += b.locked;
  if (who !== 'memcg') {
    node.inactive.putBack(failed); // zram_write_page() failed: the folio is kept (activate_locked)
    node.releaseAnon(b.stealAnon);
    node.releaseFile(b.stealFile);
    // shrink_node(): any progress makes the node reclaimable again.
    if (b.stealAnon + b.stealFile > 0) ctx.kswapd.failures = 0;
  }
  ctx.zsmallocFreed();
}

/** Pages a reclaimer wrote synchronously after all (kcompressd's FIFOs were full), `pages[0..n)`: stored and freed
 *  now; returns how many were freed. */
export function applySyncWrites(ctx: ScenarioContext, pages: readonly PageSample[], n = pages.length): number {
  if (n === 0) return 0;
  const freed = n - storeAll(ctx, pages, n);
  ctx.out.totals.pgstealAnon += freed;
  ctx.out.pgstealAnon[ctx.bin()] += freed;
  ctx.node.releaseAnon(freed);
  ctx.zsmallocFreed();
  return freed;
}

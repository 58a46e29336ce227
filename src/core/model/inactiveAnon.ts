// The inactive anon LRU's order and its folios' accessed bits: what folio_check_references() sees when
// shrink_folio_list() takes a folio off the tail. A folio faulted in (or swapped back in) joins the head with a young
// PTE from the instantiating fault; the first scan finds that young PTE, sets PG_referenced, clears the PTE's
// accessed bit and keeps the folio (FOLIOREF_KEEP: back to the head, scanned but not stolen); a folio met again
// without a young PTE is reclaimed. So a list filled since the last scan gives almost nothing on its first pass and
// nearly everything on its second: the anon steal/scan ratio is a property of the list's age, not of the workload.
// mm's kcompressd: a folio kswapd handed to the worker comes back from shrink_folio_list() (PAGE_SUCCESS, then
// folio_trylock() fails on the folio locked in the FIFO: keep) to the head, and pageout() cleared its PG_reclaim (not
// yet under writeback), so no folio_rotate_reclaimable(): once written it is a clean swap-cache folio that waits in
// list order, freed only when a scan has worked through every folio older than it.

import { DOUBLE_ZERO } from './doubleZero';
import { KeyedRuns } from './keyedRuns';

/** isolate_lru_folios() takes folios in batches of SWAP_CLUSTER_MAX: the grain of a list that mixes young and old. */
const SWAP_CLUSTER_MAX = 32;

/** Segment keys: folios scanned since their last access, folios with a young PTE, folios handed to kcompressd. */
const OLD = 0;
const YOUNG = 1;
const HANDED = 2;

/** Segments of the list, oldest (tail) first: runs of folios with the same accessed state. */
export class InactiveAnon {
  /** Segments, tail (oldest) first: their folios (fractional), keyed YOUNG when their PTEs are young, HANDED while
   *  kcompressd has them or has written them. */
  private readonly segs = new KeyedRuns();
  /** Folios on the list: a sum of fractional runs, a double from the start (doubleZero.ts). */
  private count = DOUBLE_ZERO;
  /** Of the HANDED folios: still locked in kcompressd's FIFO, written (clean), and whose write failed (redirtied by
   *  the write's error path: reclaimable again like any unreferenced folio). Whole folios. */
  private handedLocked = 0;
  private handedClean = 0;
  private handedDirty = 0;
  /** Handed folios still locked in the FIFO when their task exited: off the list, still to be written. */
  private exitedLocked = 0;

  /** `pages` on the list at the start; `youngShare` of them have PTEs accessed since the last scan (1: none ran
   *  before; 0: all scanned since; between: young and old folios interleaved in SWAP_CLUSTER_MAX runs, the order
   *  steady reclaim leaves, where faulted folios and kept ones reach the head at their own rates). */
  constructor(pages = 0, youngShare = 1) {
    this.count = 0; // +0 in a field laid out as a double (doubleZero.ts): size is read
    if (youngShare <= 0 || youngShare >= 1) {
      this.push(pages, youngShare >= 1 ? YOUNG : OLD);
      return;
    }
    for (let left = pages; left > 0; left -= SWAP_CLUSTER_MAX) {
      const run = Math.min(SWAP_CLUSTER_MAX, left);
      this.push(run * (1 - youngShare), OLD);
      this.push(run * youngShare, YOUNG);
    }
  }

  get size(): number {
    return this.count;
  }

  /** Folios on the list whose PTE is young (not yet scanned since their fault). */
  get youngPages(): number {
    let n = 0;
    const { segs } = this;
    for (let i = segs.head; i < segs.length; i++) if (segs.key[i] === YOUNG) n += segs.pages[i];
    return n;
  }

  /** Handed-to-kcompressd folios on the list: still locked in its FIFO, and written (clean swap cache). */
  get locked(): number {
    return this.handedLocked;
  }

  get clean(): number {
    return this.handedClean;
  }

  /** shrink_folio_list() → pageout() → swap_sched_async_compress() queued `n` folios: PAGE_SUCCESS, but the folio is
   *  still locked in the FIFO, so folio_trylock() fails (keep): back at the head, PG_reclaim already cleared. */
  handOff(n: number): void {
    if (!(n > 0)) return;
    this.handedLocked += n;
    this.push(n, HANDED);
  }

  /** kcompressd's __swap_writepage() of `n` handed folios ended (folio_unlock()): `written` are clean swap-cache
   *  folios now, the rest failed in zram and are dirty again. They stay where they are on the list. */
  written(n: number, written: number): void {
    // Folios whose task exited while the worker had them were not on the list any more.
    const gone = Math.min(n, this.exitedLocked);
    this.exitedLocked -= gone;
    n -= gone;
    written = Math.max(0, written - gone);
    const m = Math.min(n, this.handedLocked);
    const ok = Math.min(written, m);
    this.handedLocked -= m;
    this.handedClean += ok;
    this.handedDirty += m - ok;
  }

  /** folio_add_lru() of faulted or swapped-in folios: at the head, PTE young (do_anonymous_page()/do_swap_page()
   *  map them with the accessed bit set). */
  add(n: number): void {
    this.push(n, YOUNG);
  }

  /** Folios a scan kept or could not free (keep_locked / activate_locked): back at the head, their accessed bits
   *  cleared by folio_referenced(). */
  putBack(n: number): void {
    this.push(n, OLD);
  }

  /** A task exits or unmaps: the folios at the tail (not referenced since the last scan met them, or never met)
   *  leave the list. Returns the folios removed. */
  removeOldest(n: number): number {
    const old = this.takeTail(n);
    this.splitHanded(this.takenHanded);
    this.exitedLocked += this.split.locked;
    return this.takenYoung + this.takenHanded + old;
  }

  /** shrink_folio_list() → folio_check_references() on `n` folios from the tail: the young ones are kept (FOLIOREF_KEEP,
   *  put back at the head with the accessed bit cleared and PG_referenced set); returns the folios found without a
   *  young PTE (FOLIOREF_RECLAIM), which leave the list: the caller reclaims them or puts back those it cannot.
   *  The same object every call (a scan per reclaim batch allocates nothing): read it before the next. */
  isolate(n: number): { readonly kept: number; readonly reclaim: number } {
    const old = this.takeTail(n);
    const young = this.takenYoung;
    this.putBack(young);
    // Folios handed to kcompressd met again: still in the FIFO, folio_trylock() fails (keep, back to the head, still
    // handed); written, a clean swap-cache folio that __remove_mapping() frees (metClean: the caller frees them);
    // a failed write left it dirty: reclaimed like the old ones.
    const dirty = this.splitHanded(this.takenHanded);
    this.metClean = this.split.clean;
    this.metLocked = this.split.locked;
    this.handOff(this.metLocked);
    this.isolated.kept = young;
    this.isolated.reclaim = old + dirty;
    return this.isolated;
  }

  /** Of isolate()'s last take: folios kcompressd had written (clean: freed by the caller), and folios still locked in
   *  its FIFO (kept, back at the head). */
  metClean = 0;
  metLocked = 0;

  /** `n` handed folios leave the list from the tail: the oldest of them were queued first, and the FIFO writes in
   *  queue order, so the written ones are met first, then the locked ones, then any whose write failed. Returns
   *  the failed ones; the others are in `split`. */
  private splitHanded(n: number): number {
    const clean = Math.min(n, this.handedClean);
    const locked = Math.min(n - clean, this.handedLocked);
    const dirty = Math.min(n - clean - locked, this.handedDirty);
    this.handedClean -= clean;
    this.handedLocked -= locked;
    this.handedDirty -= dirty;
    this.split.clean = clean;
    this.split.locked = locked;
    return n - clean - locked;
  }

  private readonly split = { clean: 0, locked: 0 };

  /** isolate()'s answer, refilled; folio counts are fractional (zone shares): doubles from the start (doubleZero.ts). */
  private readonly isolated = { kept: DOUBLE_ZERO, reclaim: DOUBLE_ZERO };
  /** The young and the handed folios of takeTail()'s last take. */
  private takenYoung = DOUBLE_ZERO;
  private takenHanded = DOUBLE_ZERO;

  /** Up to `n` folios off the tail, counted by whether their PTE is young: returns the old ones, and leaves the
   *  young ones' count in takenYoung, the handed ones' in takenHanded. */
  private takeTail(n: number): number {
    let left = Math.min(n, this.count);
    let young = 0;
    let old = 0;
    let handed = 0;
    const { segs } = this;
    while (left > 0 && segs.head < segs.length) {
      const t = segs.head;
      const got = Math.min(left, segs.pages[t]);
      const k = segs.key[t];
      if (k === YOUNG) young += got;
      else if (k === HANDED) handed += got;
      else old += got;
      segs.pages[t] -= got;
      left -= got;
      if (segs.pages[t] <= 0) segs.head++;
    }
    this.settle(young + old);
    segs.compact();
    this.takenYoung = young;
    this.takenHanded = handed;
    return old;
  }

  /** `n` folios left the list. The count is a sum of fractional runs (zone shares), so it can exceed the runs'
   *  own sum by a rounding error: once the runs are used up the list is empty, not a sliver with no run to take it
   *  from (which made the next walk read past the last run and turned the count into NaN). */
  private settle(n: number): void {
    this.count = this.segs.head < this.segs.length ? Math.max(0, this.count - n) : 0;
  }

  private push(n: number, key: number): void {
    if (!(n > 0)) return;
    this.count += n;
    this.segs.push(key, n);
  }
}

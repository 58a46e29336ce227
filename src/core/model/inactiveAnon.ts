// The inactive anon LRU's order and its folios' accessed bits: what folio_check_references() sees when
// shrink_folio_list() takes a folio off the tail. A folio faulted in (or swapped back in) joins the head with a young
// PTE from the instantiating fault; the first scan finds that young PTE, sets PG_referenced, clears the PTE's
// accessed bit and keeps the folio (FOLIOREF_KEEP: back to the head, scanned but not stolen); a folio met again
// without a young PTE is reclaimed. So a list filled since the last scan gives almost nothing on its first pass and
// nearly everything on its second: the anon steal/scan ratio is a property of the list's age, not of the workload.

import { DOUBLE_ZERO } from './doubleZero';
import { KeyedRuns } from './keyedRuns';

/** isolate_lru_folios() takes folios in batches of SWAP_CLUSTER_MAX: the grain of a list that mixes young and old. */
const SWAP_CLUSTER_MAX = 32;

/** Segments of the list, oldest (tail) first: runs of folios with the same accessed state. */
export class InactiveAnon {
  /** Segments, tail (oldest) first: their folios (fractional), keyed 1 when their PTEs are young. */
  private readonly segs = new KeyedRuns();
  /** Folios on the list: a sum of fractional runs, a double from the start (doubleZero.ts). */
  private count = DOUBLE_ZERO;

  /** `pages` on the list at the start; `youngShare` of them have PTEs accessed since the last scan (1: none ran
   *  before; 0: all scanned since; between: young and old folios interleaved in SWAP_CLUSTER_MAX runs, the order
   *  steady reclaim leaves, where faulted folios and kept ones reach the head at their own rates). */
  constructor(pages = 0, youngShare = 1) {
    this.count = 0; // +0 in a field laid out as a double (doubleZero.ts): size is read
    if (youngShare <= 0 || youngShare >= 1) {
      this.push(pages, youngShare >= 1);
      return;
    }
    for (let left = pages; left > 0; left -= SWAP_CLUSTER_MAX) {
      const run = Math.min(SWAP_CLUSTER_MAX, left);
      this.push(run * (1 - youngShare), false);
      this.push(run * youngShare, true);
    }
  }

  get size(): number {
    return this.count;
  }

  /** Folios on the list whose PTE is young (not yet scanned since their fault). */
  get youngPages(): number {
    let n = 0;
    const { segs } = this;
    for (let i = segs.head; i < segs.length; i++) if (segs.key[i] === 1) n += segs.pages[i];
    return n;
  }

  /** folio_add_lru() of faulted or swapped-in folios: at the head, PTE young (do_anonymous_page()/do_swap_page()
   *  map them with the accessed bit set). */
  add(n: number): void {
    this.push(n, true);
  }

  /** Folios a scan kept or could not free (keep_locked / activate_locked): back at the head, their accessed bits
   *  cleared by folio_referenced(). */
  putBack(n: number): void {
    this.push(n, false);
  }

  /** A task exits or unmaps: the folios at the tail (not referenced since the last scan met them, or never met)
   *  leave the list. Returns the folios removed. */
  removeOldest(n: number): number {
    const old = this.takeTail(n);
    return this.takenYoung + old;
  }

  /** shrink_folio_list() → folio_check_references() on `n` folios from the tail: the young ones are kept (FOLIOREF_KEEP,
   *  put back at the head with the accessed bit cleared and PG_referenced set); returns the folios found without a
   *  young PTE (FOLIOREF_RECLAIM), which leave the list: the caller reclaims them or puts back those it cannot.
   *  The same object every call (a scan per reclaim batch allocates nothing): read it before the next. */
  isolate(n: number): { readonly kept: number; readonly reclaim: number } {
    const old = this.takeTail(n);
    const young = this.takenYoung;
    this.putBack(young);
    this.isolated.kept = young;
    this.isolated.reclaim = old;
    return this.isolated;
  }

  /** isolate()'s answer, refilled; folio counts are fractional (zone shares): doubles from the start (doubleZero.ts). */
  private readonly isolated = { kept: DOUBLE_ZERO, reclaim: DOUBLE_ZERO };
  /** The young folios of takeTail()'s last take. */
  private takenYoung = DOUBLE_ZERO;

  /** Up to `n` folios off the tail, counted by whether their PTE is young: returns the old ones, and leaves the
   *  young ones' count in takenYoung. */
  private takeTail(n: number): number {
    let left = Math.min(n, this.count);
    let young = 0;
    let old = 0;
    const { segs } = this;
    while (left > 0 && segs.head < segs.length) {
      const t = segs.head;
      const got = Math.min(left, segs.pages[t]);
      if (segs.key[t] === 1) young += got;
      else old += got;
      segs.pages[t] -= got;
      left -= got;
      if (segs.pages[t] <= 0) segs.head++;
    }
    this.settle(young + old);
    segs.compact();
    this.takenYoung = young;
    return old;
  }

  /** `n` folios left the list. The count is a sum of fractional runs (zone shares), so it can exceed the runs'
   *  own sum by a rounding error: once the runs are used up the list is empty, not a sliver with no run to take it
   *  from (which made the next walk read past the last run and turned the count into NaN). */
  private settle(n: number): void {
    this.count = this.segs.head < this.segs.length ? Math.max(0, this.count - n) : 0;
  }

  private push(n: number, young: boolean): void {
    if (!(n > 0)) return;
    this.count += n;
    this.segs.push(young ? 1 : 0, n);
  }
}

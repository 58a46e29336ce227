// The node's anon pages as runs of pages from one zone, in one order (the inactive list's, or allocation order).
// The same pages are kept in two orders (zones.ts), and each order frees pages the other still lists: those are
// forgotten per zone and skipped where this order meets that zone's pages next, so every zone gets back exactly the
// pages it gave.

import { DOUBLE_ZERO } from './doubleZero';
import { KeyedRuns } from './keyedRuns';

/** Runs of anon pages, each allocated from one zone (its key), oldest first. */
export class AnonRuns {
  private readonly runs = new KeyedRuns();
  /** Pages listed here that the other order already freed, per zone. */
  private readonly gone: Float64Array;
  /** Pages on the list (those forgotten not counted): fractional, a double from the start (doubleZero.ts). */
  count = DOUBLE_ZERO;

  constructor(zones: number) {
    this.gone = new Float64Array(zones);
    this.count = 0; // +0: read as the LRU's size
  }

  /** Appends `pages` of zone `zone` at the back (newest). */
  push(zone: number, pages: number): void {
    if (!(pages > 0)) return;
    this.count += pages;
    this.runs.push(zone, pages);
  }

  /** `pages` of zone `zone` left through the other order: skipped where this one meets that zone's pages next. */
  forget(zone: number, pages: number): void {
    const n = Math.min(pages, this.count);
    this.gone[zone] += n;
    this.count -= n;
  }

  /** Takes up to `n` pages off the front (oldest), telling `each` the zone of every part; returns the pages taken. */
  take(n: number, each?: (zone: number, pages: number) => void): number {
    const runs = this.runs;
    let left = Math.min(n, this.count);
    const taken = left;
    while (left > 0 && runs.head < runs.length) {
      const h = runs.head;
      const zone = runs.key[h];
      let pages = runs.pages[h];
      const skip = Math.min(this.gone[zone], pages);
      this.gone[zone] -= skip;
      pages -= skip;
      const got = Math.min(left, pages);
      pages -= got;
      runs.pages[h] = pages;
      this.count -= got;
      left -= got;
      if (pages <= 0) runs.head++;
      if (got > 0) each?.(zone, got); // after the run is updated: `each` may push onto this list
    }
    runs.compact();
    return taken - left;
  }
}

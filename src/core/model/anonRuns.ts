// The node's anon pages as runs of pages from one zone, in one order (the inactive list's, or allocation order).
// The same pages are kept in two orders (zones.ts), and each order frees pages the other still lists: those are
// forgotten per zone and skipped where this order meets that zone's pages next, so every zone gets back exactly the
// pages it gave.

import { DOUBLE_ZERO } from './doubleZero';

/** A run of `pages` anon pages allocated from zone number `zone`. */
interface Run { zone: number; pages: number }

export class AnonRuns {
  private readonly runs: Run[] = [];
  private head = 0;
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
    const tail = this.runs.length > this.head ? this.runs[this.runs.length - 1] : undefined;
    if (tail && tail.zone === zone) tail.pages += pages;
    else this.runs.push({ zone, pages });
  }

  /** `pages` of zone `zone` left through the other order: skipped where this one meets that zone's pages next. */
  forget(zone: number, pages: number): void {
    const n = Math.min(pages, this.count);
    this.gone[zone] += n;
    this.count -= n;
  }

  /** Takes up to `n` pages off the front (oldest), telling `each` the zone of every part; returns the pages taken. */
  take(n: number, each?: (zone: number, pages: number) => void): number {
    let left = Math.min(n, this.count);
    const taken = left;
    while (left > 0 && this.head < this.runs.length) {
      const run = this.runs[this.head];
      const skip = Math.min(this.gone[run.zone], run.pages);
      this.gone[run.zone] -= skip;
      run.pages -= skip;
      const got = Math.min(left, run.pages);
      run.pages -= got;
      this.count -= got;
      left -= got;
      if (run.pages <= 0) this.head++;
      if (got > 0) each?.(run.zone, got); // after the run is updated: `each` may push onto this list
    }
    if (this.head > 1024 && this.head * 2 > this.runs.length) { // drop the consumed runs now and then
      this.runs.splice(0, this.head);
      this.head = 0;
    }
    return taken - left;
  }
}

// Runs of fractional pages with a small integer key (a zone, a young/old PTE state), oldest first, in parallel typed
// arrays: runs come and go with every allocation and reclaim batch, and an object per run (or an Array's
// pop()/splice(), which trim storage the next push() allocates again) was garbage for the collector.
import { doubled, INITIAL_CAPACITY } from './doubled';

export class KeyedRuns {
  key = new Int32Array(INITIAL_CAPACITY);
  pages = new Float64Array(INITIAL_CAPACITY);
  /** Runs [head, length) are listed. */
  head = 0;
  length = 0;

  /** Appends `pages` of `key` at the back, into the last run when it has the same key. */
  push(key: number, pages: number): void {
    const last = this.length - 1;
    if (last >= this.head && this.key[last] === key) {
      this.pages[last] += pages;
      return;
    }
    if (this.length === this.key.length) {
      this.key = doubled(this.key);
      this.pages = doubled(this.pages);
    }
    this.key[this.length] = key;
    this.pages[this.length] = pages;
    this.length++;
  }

  /** Drops the runs before head now and then (when they are most of the arrays). */
  compact(): void {
    if (this.head <= 1024 || this.head * 2 <= this.length) return;
    this.key.copyWithin(0, this.head, this.length);
    this.pages.copyWithin(0, this.head, this.length);
    this.length -= this.head;
    this.head = 0;
  }
}

// The swap area as reclaim sees it: zram (ZramDevice) plus the swap slots the model must pick from when pages leave
// it. zram frees a slot in two ways: its synchronous swap-in skips the swap cache and frees the slot at once, and
// swap_free() on exit/unmap of swapped memory calls zram_slot_free_notify() with no swap-in at all.
import type { Rng } from '../rng';
import type { PageSample } from './corpus';
import { ZramDevice } from './zramDevice';
import type { MmStat, ZramEntry, ZspagePages } from './zramDevice';
import { DOUBLE_ZERO } from '../doubleZero';
import { doubled, INITIAL_CAPACITY } from '../doubled';

/** The used swap slots of one kind, each as its zram table entry, packed with O(1) random removal. */
class SlotList {
  private a = new Float64Array(INITIAL_CAPACITY); // small at first: see doubled.ts
  n = 0;
  /** Sum of the entries last touched: the reads must not be optimised away. A double (doubleZero.ts). */
  touched = DOUBLE_ZERO;
  push(entry: ZramEntry): void {
    if (this.n === this.a.length) this.a = doubled(this.a);
    this.a[this.n++] = entry;
  }
  /** Removes the slots at `at[0..m)` in turn (each index taken after the removals before it, as `rng.int(n)` drew
   *  it), each replaced by the last; their entries go to `out`. The slots are read in a first pass of independent
   *  loads, so their cache misses overlap instead of queueing behind each free. */
  takeAt(at: Int32Array, m: number, out: Float64Array): void {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += this.a[at[j]];
    this.touched = sum;
    for (let j = 0; j < m; j++) {
      const i = at[j];
      out[j] = this.a[i];
      this.a[i] = this.a[--this.n];
    }
  }
}

/** The zeromap's slots: all-zero pages hold no zram entry (every entry is 0), so a count is all they need. */
class ZeromapSlots {
  n = 0;
  push(): void {
    this.n++;
  }
}

/** Slots freed per pass: the draws of one pass come first, then its reads, then its frees. */
const CHUNK = 64;

export class SwapArea {
  readonly zram: ZramDevice;
  private readonly stored = new SlotList();
  private readonly zero = new ZeromapSlots();
  /** Slots freed by swap_free() without a swap-in (zram io_stat notify_free beyond pswpin). */
  notifyFreed = 0;

  constructor(zeromap: boolean) {
    this.zram = new ZramDevice({ zeromap });
  }

  /** Pages owned by zsmalloc: the memory zram takes from the free pool. */
  get poolPages(): number {
    return this.zram.poolPages;
  }

  /** Slots in use (zeromap entries included). */
  get slots(): number {
    return this.stored.n + this.zero.n;
  }

  /** Writes one folio to zram; false when zs_malloc() failed (see ZramDevice.store) and the folio stays in memory. */
  store(s: PageSample, grant?: ZspagePages): boolean {
    const entry = this.zram.store(s, grant);
    if (entry < 0) return false;
    if (s.zero && this.zram.zeromap) this.zero.push();
    else this.stored.push(entry);
    return true;
  }

  /** do_swap_page() on zram (SWP_SYNCHRONOUS_IO): `count` random stored pages read back, their slots freed. */
  swapIn(count: number, rng: Rng): number {
    return this.freeRandom(count, rng, this.stored);
  }

  /** Zero pages faulted back from the zeromap. */
  swapInZero(count: number, rng: Rng): number {
    return this.freeRandom(count, rng, this.zero);
  }

  /** swap_free() → zram_slot_free_notify(): a task exited or unmapped swapped memory; `count` random slots go. */
  slotFreeNotify(count: number, rng: Rng): number {
    const k = this.freeRandom(count, rng);
    this.notifyFreed += k;
    return k;
  }

  private readonly at = new Int32Array(CHUNK);
  private readonly atStored = new Int32Array(CHUNK);
  private readonly entries = new Float64Array(CHUNK);

  /** Frees `count` slots chosen uniformly (one list, or over both by their sizes), as many as there are; returns
   *  how many. The random draws are the same, in the same order, as freeing one slot at a time. */
  private freeRandom(count: number, rng: Rng, only?: SlotList | ZeromapSlots): number {
    const { stored, zero, at, atStored, entries } = this;
    let k = 0;
    for (;;) {
      const left = Math.min(count - k, only ? only.n : stored.n + zero.n);
      if (left <= 0) return k;
      const m = Math.min(CHUNK, left);
      if (only === stored) {
        for (let j = 0; j < m; j++) at[j] = rng.int(stored.n - j);
        stored.takeAt(at, m, entries);
        this.zram.freeAll(entries, m);
      } else if (only === zero) {
        // Which zeromap slots go does not matter (they hold nothing), but each is drawn as any slot is.
        for (let j = 0; j < m; j++) rng.int(zero.n - j);
        zero.n -= m;
        this.zram.freeZeromap(m);
      } else {
        let ns = stored.n, nz = zero.n, ms = 0, mz = 0;
        for (let j = 0; j < m; j++) {
          const z = rng.int(ns + nz) >= ns;
          if (z) {
            rng.int(nz--); // which zeromap slot: drawn, though they all hold nothing
            mz++;
          } else atStored[ms++] = rng.int(ns--);
        }
        stored.takeAt(atStored, ms, entries);
        this.zram.freeAll(entries, ms);
        zero.n -= mz;
        this.zram.freeZeromap(mz);
      }
      k += m;
    }
  }

  stat(): MmStat {
    return this.zram.mmStat();
  }
}

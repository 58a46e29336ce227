// The swap area as reclaim sees it: zram (ZramDevice) plus the swap slots the model must pick from when pages leave
// it. zram frees a slot in two ways: its synchronous swap-in skips the swap cache and frees the slot at once, and
// swap_free() on exit/unmap of swapped memory calls zram_slot_free_notify() with no swap-in at all.
import type { Rng } from '../rng';
import type { PageSample } from './corpus';
import { ZramDevice } from './zramDevice';
import type { MmStat, ZramEntry } from './zramDevice';

/** The used swap slots of one kind, each as its zram table entry, packed with O(1) random removal. */
class SlotList {
  private a = new Float64Array(1 << 12);
  n = 0;
  push(entry: ZramEntry): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = entry;
  }
  /** Removes and returns a random slot's entry. */
  takeRandom(rng: Rng): ZramEntry {
    const i = rng.int(this.n);
    const v = this.a[i];
    this.a[i] = this.a[--this.n];
    return v;
  }
}

export class SwapArea {
  readonly zram: ZramDevice;
  private readonly stored = new SlotList();
  private readonly zero = new SlotList();
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
  store(s: PageSample, grant?: (pages: number) => boolean): boolean {
    const entry = this.zram.store(s, grant);
    if (entry < 0) return false;
    if (s.zero && this.zram.zeromap) this.zero.push(entry);
    else this.stored.push(entry);
    return true;
  }

  /** do_swap_page() on zram (SWP_SYNCHRONOUS_IO): `count` random stored pages read back, their slots freed. */
  swapIn(count: number, rng: Rng): number {
    let k = 0;
    for (; k < count && this.stored.n > 0; k++) this.zram.free(this.stored.takeRandom(rng));
    return k;
  }

  /** Zero pages faulted back from the zeromap. */
  swapInZero(count: number, rng: Rng): number {
    let k = 0;
    for (; k < count && this.zero.n > 0; k++) this.zram.free(this.zero.takeRandom(rng));
    return k;
  }

  /** swap_free() → zram_slot_free_notify(): a task exited or unmapped swapped memory; `count` random slots go. */
  slotFreeNotify(count: number, rng: Rng): number {
    let k = 0;
    for (; k < count && this.slots > 0; k++) {
      const list = rng.int(this.slots) < this.stored.n ? this.stored : this.zero;
      this.zram.free(list.takeRandom(rng));
    }
    this.notifyFreed += k;
    return k;
  }

  stat(): MmStat {
    return this.zram.mmStat();
  }
}

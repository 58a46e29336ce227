// The swap area as the reclaim model uses it: zram (ZramDevice) plus the swap slots the model must pick from when a
// workload swaps pages back in (zram frees the slot at once: its synchronous swap-in skips the swap cache).
import type { Rng } from './rng';
import type { PageSample } from './zram/corpus';
import { ZramDevice } from './zram/zramDevice';
import type { MmStat } from './zram/zramDevice';

class SlotList {
  private a = new Int32Array(1 << 12);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** Removes and returns a random element. */
  takeRandom(rng: Rng): number {
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

  constructor(zeromap: boolean) {
    this.zram = new ZramDevice({ zeromap });
  }

  /** Pages owned by zsmalloc: the memory zram takes from the free pool. */
  get poolPages(): number {
    return this.zram.poolPages;
  }

  store(s: PageSample): void {
    const slot = this.zram.store(s);
    if (s.zero && this.zram.zeromap) this.zero.push(slot);
    else this.stored.push(slot);
  }

  /** Swap-in of `count` random pages held by zram; returns how many there were. */
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

  stat(): MmStat {
    return this.zram.mmStat();
  }
}

// zram's write/free accounting as mm_stat reports it (kernel-notes.md §3.5, §3.7): same-filled pages keep only
// their word, pages compressing to ≥ huge_class_size are stored raw in a one-page zspage, the rest go to zsmalloc.
// With the swap zeromap (Linux ≥ 6.12) all-zero pages never reach zram and count as swpout_zero instead.
import type { PageSample } from './corpus';
import { PAGE_SIZE } from './pageClasses';
import { buildClassTable, ZsPool } from './zsmalloc';

export interface ZramOptions {
  /** CONFIG_ZSMALLOC_CHAIN_SIZE (default 8; 4 before Linux 6.3). */
  chainSize?: number;
  /** Swap zeromap in front of zram (Linux ≥ 6.12; default true, as on the captures' 6.18 kernel). */
  zeromap?: boolean;
}

/** /sys/block/zram0/mm_stat fields in order (bytes for the first five, pages for the rest). */
export interface MmStat {
  origDataSize: number;
  comprDataSize: number;
  memUsedTotal: number;
  memLimit: number;
  memUsedMax: number;
  samePages: number;
  pagesCompacted: number;
  hugePages: number;
  hugePagesSince: number;
}

export type SlotKind = 'zeromap' | 'same' | 'compressed' | 'huge';
const KIND: readonly SlotKind[] = ['zeromap', 'same', 'compressed', 'huge'];
const FREE = 255;

export class ZramDevice {
  readonly hugeClassSize: number;
  readonly zeromap: boolean;
  private readonly pool: ZsPool;
  /** Packed per-slot state, two words per slot side by side (one cache line for a random free): the zspage id,
   *  then kind | compressed length << 8. */
  private slot = new Int32Array(2048).fill(FREE);
  private slotsUsed = 0;
  private readonly freeSlots: number[] = [];
  private stored = 0;
  private compr = 0;
  private same = 0;
  private huge = 0;
  private hugeSince = 0;
  private usedMax = 0;
  private zeroOut = 0;

  constructor(opts: ZramOptions = {}) {
    const table = buildClassTable(opts.chainSize ?? 8);
    this.pool = new ZsPool(table);
    this.hugeClassSize = table.hugeClassSize;
    this.zeromap = opts.zeromap ?? true;
  }

  /** Swaps one page out; returns its slot (pass to free() on swap-in or when the swap entry is released). */
  store(page: PageSample): number {
    const slot = this.allocSlot();
    if (page.zero && this.zeromap) {
      this.zeroOut++;
      this.slot[2 * slot + 1] = 0;
      return slot;
    }
    this.stored++;
    if (page.sameFilled) {
      this.same++;
      this.slot[2 * slot + 1] = 1;
      return slot;
    }
    const huge = page.compressedBytes >= this.hugeClassSize;
    const bytes = huge ? PAGE_SIZE : page.compressedBytes;
    this.slot[2 * slot] = this.pool.malloc(bytes);
    this.slot[2 * slot + 1] = (huge ? 3 : 2) | (bytes << 8);
    this.compr += bytes;
    if (huge) {
      this.huge++;
      this.hugeSince++;
    }
    const used = this.pool.totalPages;
    if (used > this.usedMax) this.usedMax = used;
    return slot;
  }

  /** Releases a slot; returns what it held. */
  free(slot: number): SlotKind {
    const word = slot >= 0 && slot < this.slotsUsed ? this.slot[2 * slot + 1] : FREE;
    const k = word & 0xff;
    if (k === FREE) throw new RangeError(`zram: free of a slot that holds nothing (${slot})`);
    if (k !== 0) this.stored--;
    if (k === 1) this.same--;
    if (k >= 2) {
      this.pool.free(this.slot[2 * slot]);
      this.compr -= word >>> 8;
      if (k === 3) this.huge--;
    }
    this.slot[2 * slot + 1] = FREE;
    this.freeSlots.push(slot);
    return KIND[k];
  }

  mmStat(): MmStat {
    return {
      origDataSize: this.stored * PAGE_SIZE,
      comprDataSize: this.compr,
      memUsedTotal: this.pool.totalPages * PAGE_SIZE,
      memLimit: 0,
      memUsedMax: this.usedMax * PAGE_SIZE,
      samePages: this.same,
      pagesCompacted: 0,
      hugePages: this.huge,
      hugePagesSince: this.hugeSince,
    };
  }

  /** Pages zsmalloc holds (mem_used_total / 4096), without building a whole mm_stat: read after every store. */
  get poolPages(): number {
    return this.pool.totalPages;
  }

  /** Pages in zram (orig_data_size / 4096). */
  get storedPages(): number {
    return this.stored;
  }

  /** Zero pages kept out of zram by the zeromap so far (/proc/vmstat swpout_zero). */
  get swpoutZero(): number {
    return this.zeroOut;
  }

  private allocSlot(): number {
    const s = this.freeSlots.pop();
    if (s !== undefined) return s;
    if (2 * this.slotsUsed === this.slot.length) {
      const grown = new Int32Array(this.slot.length * 2).fill(FREE);
      grown.set(this.slot);
      this.slot = grown;
    }
    return this.slotsUsed++;
  }
}

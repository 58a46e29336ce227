// zram's write/free accounting as mm_stat reports it (kernel-notes.md §3.5, §3.7): same-filled pages keep only
// their word, pages compressing to ≥ huge_class_size are stored raw in a one-page zspage, the rest go to zsmalloc.
// With the swap zeromap (Linux ≥ 6.12) all-zero pages never reach zram and count as swpout_zero instead.
import type { PageSample } from './corpus';
import { PAGE_SIZE } from './pageClasses';
import { buildClassTable, ZsPool } from './zsmalloc';
import { DOUBLE_ZERO } from '../doubleZero';

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

/** Where a new zspage's pages come from (alloc_zspage()): an object's method rather than a closure, so a store
 *  compiled on one scenario keeps its inlined call on the next, whose closure would be another call target. */
export interface ZspagePages {
  take(pages: number): boolean;
}
const KIND: readonly SlotKind[] = ['zeromap', 'same', 'compressed', 'huge'];

/** A swap slot's zram table entry as one number (zram_table_entry: handle, flags, size): the kind in bits 0–1, the
 *  stored length in bits 2–14, the zspage id above them (exact in a double). The swap map keeps it with the slot,
 *  so freeing a random slot reads one word instead of chasing a slot number into a table. */
export type ZramEntry = number;
const ID_UNIT = 1 << 15;
const notHeld = (entry: number) => new RangeError(`zram: free of a slot that holds nothing (${entry})`);

export class ZramDevice {
  readonly hugeClassSize: number;
  readonly zeromap: boolean;
  private readonly pool: ZsPool;
  private stored = 0;
  private compr = DOUBLE_ZERO;
  private same = 0;
  private huge = 0;
  private hugeSince = 0;
  private usedMax = 0;
  private zeroOut = 0;
  private zeroHeld = 0;

  constructor(opts: ZramOptions = {}) {
    const table = buildClassTable(opts.chainSize ?? 8);
    this.pool = new ZsPool(table);
    this.compr = 0; // +0 in a field laid out as a double: the bytes pass 2^30 (doubleZero.ts)
    this.hugeClassSize = table.hugeClassSize;
    this.zeromap = opts.zeromap ?? true;
  }

  /** Swaps one page out (zram_write_page()); returns its slot's entry (pass to free() on swap-in or when the swap
   *  entry is released), or -1 when zs_malloc() needs a new zspage and `grant` refuses its pages (-ENOMEM:
   *  zram_write_page() fails, nothing is stored). `grant.take(pages)` takes the zspage's pages from memory and says
   *  whether it could. */
  store(page: PageSample, grant?: ZspagePages): ZramEntry {
    if (page.zero && this.zeromap) {
      this.zeroOut++;
      this.zeroHeld++;
      return 0;
    }
    if (page.sameFilled) {
      this.stored++;
      this.same++;
      return 1;
    }
    const huge = page.compressedBytes >= this.hugeClassSize;
    const bytes = huge ? PAGE_SIZE : page.compressedBytes;
    const ci = this.pool.classOf(bytes);
    if (grant) {
      const need = this.pool.pagesIn(ci);
      if (need > 0 && !grant.take(need)) return -1;
    }
    this.stored++;
    const zspage = this.pool.mallocIn(ci);
    this.compr += bytes;
    if (huge) {
      this.huge++;
      this.hugeSince++;
    }
    const used = this.pool.totalPages;
    if (used > this.usedMax) this.usedMax = used;
    // zspage × ID_UNIT passes 2^31 once the pool has 65536 zspages: computed in doubles from the first store (exact:
    // whole and half numbers far below 2^53), so the compiled store is not thrown away then for an int32 overflow.
    return (zspage + 0.5) * ID_UNIT - ID_UNIT / 2 + ((bytes << 2) | (huge ? 3 : 2));
  }

  /** Releases a slot's entry (zram_free_page()); returns what it held. An entry not held (a second free, or not
   *  from store()) is a RangeError. */
  free(entry: ZramEntry): SlotKind {
    if (!(Number.isInteger(entry) && entry >= 0)) throw notHeld(entry);
    const low = entry & (ID_UNIT - 1);
    return KIND[this.release(low, (entry - low) / ID_UNIT)];
  }

  /** free() of `entries[0..m)` in order; their zspages are read first in one pass of independent loads, so the
   *  cache misses of random frees overlap. Each entry is split into small integers here: passing the entry (a
   *  double past 2^31) to a call would box it, one heap number per freed slot. */
  freeAll(entries: Float64Array, m: number): void {
    this.pool.touch(entries, m, ID_UNIT);
    for (let j = 0; j < m; j++) {
      const entry = entries[j];
      if (!(Number.isInteger(entry) && entry >= 0)) throw notHeld(entry);
      const low = entry & (ID_UNIT - 1);
      this.release(low, (entry - low) / ID_UNIT);
    }
  }

  /** free() of `m` zeromap entries (each 0): the zeromap only counts them. */
  freeZeromap(m: number): void {
    if (m > this.zeroHeld) throw notHeld(0);
    this.zeroHeld -= m;
  }

  /** zram_free_page() of the entry with low bits `low` (kind, length) in zspage `id`; returns the kind's index. */
  private release(low: number, id: number): number {
    const k = low & 3;
    const held = k === 0 ? this.zeroHeld : k === 1 ? this.same : 1;
    if (held <= 0) throw notHeld(id * ID_UNIT + low);
    if (k === 0) {
      this.zeroHeld--;
      return 0;
    }
    this.stored--;
    if (k === 1) this.same--;
    else {
      this.pool.free(id);
      this.compr -= low >>> 2;
      if (k === 3) this.huge--;
    }
    return k;
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

  /** compr_data_size (bytes), without building a whole mm_stat: read at every series sample. */
  get comprDataSize(): number {
    return this.compr;
  }

  /** Pages in zram (orig_data_size / 4096). */
  get storedPages(): number {
    return this.stored;
  }

  /** Zero pages kept out of zram by the zeromap so far (/proc/vmstat swpout_zero). */
  get swpoutZero(): number {
    return this.zeroOut;
  }
}

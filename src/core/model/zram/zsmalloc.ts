// zsmalloc's size classes and a pool that places objects in zspages, following the allocator's documented design
// (kernel-notes.md §3.6): classes 32..4096 B in 16 B steps, each class's zspage is the chain of 1..chainSize pages
// that wastes the fewest bytes, adjacent classes with the same geometry are merged, and objects carry an 8-byte
// handle that is added before the class lookup.
import { PAGE_SIZE } from './pageClasses';
import { doubled, INITIAL_CAPACITY } from '../doubled';

const MIN_ALLOC = 32;
const CLASS_DELTA = 16;
const HANDLE_SIZE = 8;
const CLASS_SLOTS = Math.ceil((PAGE_SIZE - MIN_ALLOC) / CLASS_DELTA) + 1; // 255

export interface SizeClass {
  /** Object size the class stores (bytes, handle included). */
  size: number;
  pagesPerZspage: number;
  objsPerZspage: number;
  /** One object per one-page zspage: what zram's incompressible pages use. */
  huge: boolean;
}

export interface ClassTable {
  chainSize: number;
  /** Distinct classes after merging, smallest first. */
  classes: SizeClass[];
  /** For each 16-byte slot, the index in `classes` that serves it. */
  slotToClass: Uint16Array;
  /** Compressed length at or above which zram stores the page raw (ZRAM_HUGE). */
  hugeClassSize: number;
}

function chainLength(size: number, chainSize: number): number {
  if ((size & (size - 1)) === 0) return 1;
  let best = 1;
  let minWaste = Infinity;
  for (let pages = 1; pages <= chainSize; pages++) {
    const waste = (pages * PAGE_SIZE) % size;
    if (waste < minWaste) { minWaste = waste; best = pages; }
  }
  return best;
}

/** Builds the class table for CONFIG_ZSMALLOC_CHAIN_SIZE = chainSize (4..16; 8 is the default, older kernels 4). */
export function buildClassTable(chainSize = 8): ClassTable {
  if (!Number.isInteger(chainSize) || chainSize < 1 || chainSize > 16) throw new RangeError(`chainSize must be 1..16, got ${chainSize}`);
  const slotToBig = new Array<number>(CLASS_SLOTS);
  const big: SizeClass[] = []; // largest first while building
  let hugeClassSize = 0;
  for (let i = CLASS_SLOTS - 1; i >= 0; i--) {
    const size = Math.min(MIN_ALLOC + i * CLASS_DELTA, PAGE_SIZE);
    const pagesPerZspage = chainLength(size, chainSize);
    const objsPerZspage = Math.floor((pagesPerZspage * PAGE_SIZE) / size);
    // The largest class that packs several objects sets zram's threshold: a length ≥ size − 7 grows past `size`
    // once the 8-byte handle is added, into the one-object classes above it.
    if (hugeClassSize === 0 && pagesPerZspage !== 1 && objsPerZspage !== 1) hugeClassSize = size - (HANDLE_SIZE - 1);
    const prev = big[big.length - 1];
    if (prev && prev.pagesPerZspage === pagesPerZspage && prev.objsPerZspage === objsPerZspage) {
      slotToBig[i] = big.length - 1;
      continue;
    }
    big.push({ size, pagesPerZspage, objsPerZspage, huge: pagesPerZspage === 1 && objsPerZspage === 1 });
    slotToBig[i] = big.length - 1;
  }
  const classes = big.slice().reverse();
  const slotToClass = new Uint16Array(CLASS_SLOTS);
  for (let i = 0; i < CLASS_SLOTS; i++) slotToClass[i] = big.length - 1 - slotToBig[i];
  return { chainSize, classes, slotToClass, hugeClassSize };
}

/** Index in `table.classes` of the class that stores an allocation of `bytes` (1..PAGE_SIZE). */
export function classIndexFor(table: ClassTable, bytes: number): number {
  const size = bytes + HANDLE_SIZE;
  const slot = size <= MIN_ALLOC ? 0 : Math.min(CLASS_SLOTS - 1, Math.ceil((size - MIN_ALLOC) / CLASS_DELTA));
  return table.slotToClass[slot];
}

/** A stack of zspage ids in an Int32Array that only grows: an Array's pop() trims its storage as it empties and
 *  the next push() allocates it again, and the pool's lists empty and fill all the time. */
class IdStack {
  private a = new Int32Array(INITIAL_CAPACITY); // small at first: see doubled.ts
  length = 0;
  push(id: number): void {
    if (this.length === this.a.length) this.a = doubled(this.a);
    this.a[this.length++] = id;
  }
  /** The last id, removed (the stack must not be empty). */
  pop(): number {
    return this.a[--this.length];
  }
  last(): number {
    return this.a[this.length - 1];
  }
  set(pos: number, id: number): void {
    this.a[pos] = id;
  }
}

/**
 * Objects placed in zspages per class. An allocation goes to a zspage of its class with a free slot (the most
 * recently touched one), else a new zspage is added; a zspage whose last object is freed is released. Without
 * compaction, frees scattered over many zspages leave them partly empty, as on a real pool.
 */
export class ZsPool {
  readonly table: ClassTable;
  /** Packed per-zspage state, three words side by side: class index, objects in use, position in the class's
   *  partial list (-1 when full). */
  private zs = new Int32Array(3 * INITIAL_CAPACITY);
  private zsCount = 0;
  private readonly freeIds = new IdStack();
  private readonly partial: IdStack[];
  private readonly zspagesPerClass: Int32Array;
  private readonly objsPerClass: Int32Array;
  /** The class table's geometry as flat arrays, read on every malloc and free. */
  private readonly objsPerZspage: Int32Array;
  private readonly pagesPerZspage: Int32Array;
  private pages = 0;

  constructor(table: ClassTable) {
    this.table = table;
    this.partial = table.classes.map(() => new IdStack());
    this.zspagesPerClass = new Int32Array(table.classes.length);
    this.objsPerClass = new Int32Array(table.classes.length);
    this.objsPerZspage = Int32Array.from(table.classes, (c) => c.objsPerZspage);
    this.pagesPerZspage = Int32Array.from(table.classes, (c) => c.pagesPerZspage);
  }

  /** Allocates `bytes` (1..PAGE_SIZE); returns the zspage id holding the object (pass it to free()). */
  malloc(bytes: number): number {
    return this.mallocIn(this.classOf(bytes));
  }

  /** The class (index in table.classes) that stores `bytes` (1..PAGE_SIZE; a RangeError outside): what mallocIn()
   *  and pagesIn() take, so a store looks its class up once. */
  classOf(bytes: number): number {
    if (!(bytes >= 1 && bytes <= PAGE_SIZE)) throw new RangeError(`zs_malloc size must be 1..${PAGE_SIZE}, got ${bytes}`);
    return classIndexFor(this.table, bytes);
  }

  /** malloc() of an object of class `ci` (classOf()). */
  mallocIn(ci: number): number {
    const list = this.partial[ci];
    const id = list.length > 0 ? list.last() : this.newZspage(ci);
    const used = ++this.zs[3 * id + 1];
    this.objsPerClass[ci]++;
    if (used === this.objsPerZspage[ci]) this.removePartial(id);
    return id;
  }

  /** Pages a malloc of `bytes` would add to the pool: 0 when a zspage of its class has a free slot, else a new
   *  zspage's chain (alloc_zspage() takes them all or none). */
  pagesFor(bytes: number): number {
    return this.pagesIn(classIndexFor(this.table, bytes));
  }

  /** pagesFor() of an object of class `ci` (classOf()). */
  pagesIn(ci: number): number {
    return this.partial[ci].length > 0 ? 0 : this.pagesPerZspage[ci];
  }

  free(zspage: number): void {
    if (!(zspage >= 0 && zspage < this.zsCount) || this.zs[3 * zspage + 1] <= 0) throw new RangeError(`zs_free of unknown zspage ${zspage}`);
    const ci = this.zs[3 * zspage];
    const wasFull = this.zs[3 * zspage + 2] < 0;
    this.zs[3 * zspage + 1]--;
    this.objsPerClass[ci]--;
    if (this.zs[3 * zspage + 1] === 0) {
      if (!wasFull) this.removePartial(zspage);
      this.zspagesPerClass[ci]--;
      this.pages -= this.pagesPerZspage[ci];
      this.freeIds.push(zspage);
    } else if (wasFull) {
      this.zs[3 * zspage + 2] = this.partial[ci].length;
      this.partial[ci].push(zspage);
    }
  }

  /** Reads the words of the zspages that `handles[0..m)` name (zspage id = ⌊handle / unit⌋) ahead of their frees. */
  touch(handles: Float64Array, m: number, unit: number): void {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += this.zs[3 * Math.floor(handles[j] / unit) + 1];
    this.touched = sum;
  }

  /** Sum of the words last touched: the reads must not be optimised away. */
  touched = 0;

  /** Pages owned by the pool (mem_used_total / 4096, nr_zspages). */
  get totalPages(): number {
    return this.pages;
  }

  /** Per class (same order as table.classes): live objects and zspages. */
  classUsage(): { objects: number; zspages: number }[] {
    return this.table.classes.map((_, i) => ({ objects: this.objsPerClass[i], zspages: this.zspagesPerClass[i] }));
  }

  private newZspage(ci: number): number {
    let id: number;
    if (this.freeIds.length > 0) id = this.freeIds.pop();
    else {
      if (3 * this.zsCount === this.zs.length) this.zs = doubled(this.zs);
      id = this.zsCount++;
    }
    this.zs[3 * id] = ci;
    this.zs[3 * id + 1] = 0;
    this.zs[3 * id + 2] = this.partial[ci].length;
    this.partial[ci].push(id);
    this.zspagesPerClass[ci]++;
    this.pages += this.pagesPerZspage[ci];
    return id;
  }

  private removePartial(id: number): void {
    const list = this.partial[this.zs[3 * id]];
    const pos = this.zs[3 * id + 2];
    const last = list.pop();
    if (last !== id) {
      list.set(pos, last);
      this.zs[3 * last + 2] = pos;
    }
    this.zs[3 * id + 2] = -1;
  }
}

// The stress workload's side of the page-content classes: the classes, their generators and the mix live in
// src/core/model/zram/pageClasses.ts, shared with the model's corpus so that the corpus compresses the same content
// the workload puts into zram. Here: which class each page gets, and writing pages at the workload's fill rate.
import type { Rng } from '../model/rng';
import { classAt, cumulativeWeights, normaliseMix, PAGE_CLASSES, PAGE_SIZE, PageGenerator } from '../model/zram/pageClasses';
import type { ClassMix, PageClass } from '../model/zram/pageClasses';

/** Picks classes in runs of 1–32 pages with probabilities proportional to the mix. */
export class ClassPicker {
  private readonly cumulative: Float64Array;
  private current: PageClass = 'zero';
  private left = 0;
  constructor(
    mix: ClassMix,
    private readonly rng: Rng,
  ) {
    this.cumulative = cumulativeWeights(normaliseMix(mix));
  }
  next(): PageClass {
    if (this.left === 0) {
      this.current = PAGE_CLASSES[classAt(this.cumulative, this.rng.next())];
      this.left = 1 + this.rng.int(32);
    }
    this.left--;
    return this.current;
  }
}

// Generating a text page costs ~40 µs and a random one ~12 µs in JS, against the 13 µs a page that 300 MiB/s
// allows, so those two are copied from pages the generator wrote once (as many as the corpus compresses per class).
const POOL_PAGES = 256;

/** Writes the generator's pages into workload memory; text and random pages come from pools. */
export class WorkloadPages {
  private readonly gen: PageGenerator;
  private readonly pools: Partial<Record<PageClass, Uint8Array[]>> = {};
  constructor(
    seed: number,
    private readonly rng: Rng,
  ) {
    this.gen = new PageGenerator(seed);
    for (const cls of ['text', 'rand'] as const) {
      this.pools[cls] = Array.from({ length: POOL_PAGES }, (_, i) => {
        const page = new Uint8Array(PAGE_SIZE);
        this.gen.fill(cls, page, i);
        return page;
      });
    }
  }

  /** Overwrites all of `page` (reused memory is fine) with class `cls`; `pageIndex` is its place in the mapping. */
  fill(cls: PageClass, page: Uint8Array, pageIndex: number): void {
    const pool = this.pools[cls];
    if (pool) page.set(pool[this.rng.int(pool.length)]);
    else this.gen.fill(cls, page, pageIndex);
  }
}

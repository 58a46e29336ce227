// A corpus of real pages per content class, each compressed once for real, from which the replay draws millions
// of page samples without compressing again. Every size a sample carries comes from compressing that page.
import type { Algorithm } from '../../vocabulary';
import { Rng } from '../rng';
import { Lz4PageCompressor } from './lz4Page';
import { LzoRlePageCompressor } from './lzoRle';
import { classAt, cumulativeWeights, DEFAULT_MIX, isSameFilled, isZeroPage, normaliseMix, PAGE_CLASSES, PAGE_SIZE, PageGenerator } from './pageClasses';
import type { ClassMix, PageClass } from './pageClasses';

export interface PageSample {
  readonly cls: PageClass;
  /** Index of `cls` in PAGE_CLASSES (per-class tables are read by it on the per-page paths). */
  readonly ci: number;
  /** Compressed length in bytes (PAGE_SIZE when the compressor could not shrink it); 0 for same-filled pages,
   *  which zram never compresses. */
  readonly compressedBytes: number;
  /** Every 64-bit word equals the first (zram stores the word, no compression). */
  readonly sameFilled: boolean;
  /** All bytes zero (6.12+ swap zeromap keeps these out of zram). */
  readonly zero: boolean;
}

/** The zram figures a corpus implies for its mix (what mm_stat and vmstat would show after many swap-outs). */
export interface CorpusFigures {
  /** orig_data_size / compr_data_size. */
  ratio: number;
  /** same_pages / pages stored in zram. */
  sameFraction: number;
  /** huge_pages / pages stored in zram. */
  hugeFraction: number;
  /** Zero pages / all swap-outs (swpout_zero share with zeromap). */
  zeroShare: number;
}

export interface CorpusOptions {
  algorithm: Algorithm;
  seed: number;
  /** Weights per class; default DEFAULT_MIX (the captures' workload mix). */
  mix?: ClassMix;
  /** Real pages generated and compressed per class (default 256). */
  pagesPerClass?: number;
  /** Decompress every compressed page and compare with the original (throws on a mismatch). */
  verify?: boolean;
  /** Keep the raw pages (rawPages()); only benchmarks need them. */
  keepPages?: boolean;
}

/** A page as the corpus store keeps it (corpusCache.ts): its compressed length (≥ 0), or SAME for a same-filled
 *  page, ZERO for an all-zero one (neither is compressed). */
export type StoredSize = number;
const SAME = -1;
const ZERO = -2;

const sample = (cls: PageClass, ci: number, compressedBytes: number, sameFilled: boolean, zero: boolean): PageSample =>
  Object.freeze({ cls, ci, compressedBytes, sameFilled, zero });

export interface PageCompressor {
  /** Compressed length of a 4096-byte page; PAGE_SIZE when it does not shrink. */
  compress(page: Uint8Array): number;
  /** Round-trips the page just compressed. */
  verifyLast(page: Uint8Array): boolean;
}

export function compressorFor(algorithm: Algorithm): PageCompressor {
  return algorithm === 'lz4' ? new Lz4PageCompressor() : new LzoRlePageCompressor();
}

export class PageCorpus {
  readonly algorithm: Algorithm;
  readonly pagesPerClass: number;
  /** Normalised weights in PAGE_CLASSES order. */
  readonly weights: Float64Array;
  /** Wall-clock time spent generating and compressing the pages, or reading their sizes (ms). */
  readonly buildMs: number;
  private readonly byClass: readonly (readonly PageSample[])[];
  private readonly raw: readonly (readonly Uint8Array[])[] | null;
  private readonly cumulative: Float64Array;

  private constructor(algorithm: Algorithm, byClass: readonly (readonly PageSample[])[], raw: readonly (readonly Uint8Array[])[] | null,
    weights: Float64Array, buildMs: number) {
    this.algorithm = algorithm;
    this.byClass = byClass;
    this.raw = raw;
    this.pagesPerClass = byClass[0].length;
    this.weights = weights;
    this.buildMs = buildMs;
    this.cumulative = cumulativeWeights(weights);
  }

  static build(opts: CorpusOptions): PageCorpus {
    const t0 = performance.now();
    const k = opts.pagesPerClass ?? 256;
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`pagesPerClass must be a positive integer, got ${k}`);
    const weights = normaliseMix(opts.mix ?? DEFAULT_MIX);
    const compressor = compressorFor(opts.algorithm);
    const page = new Uint8Array(PAGE_SIZE);
    const raw: Uint8Array[][] | null = opts.keepPages ? PAGE_CLASSES.map(() => []) : null;
    const byClass = PAGE_CLASSES.map((cls, ci) => {
      const gen = new PageGenerator(opts.seed * PAGE_CLASSES.length + ci);
      const samples: PageSample[] = [];
      for (let i = 0; i < k; i++) {
        gen.fill(cls, page, i);
        raw?.[ci].push(page.slice());
        const sameFilled = isSameFilled(page);
        let compressedBytes = 0;
        if (!sameFilled) {
          compressedBytes = compressor.compress(page);
          if (opts.verify && !compressor.verifyLast(page)) {
            throw new Error(`${opts.algorithm} round trip failed for ${cls} page ${i} (seed ${opts.seed})`);
          }
        }
        samples.push(sample(cls, ci, compressedBytes, sameFilled, sameFilled && isZeroPage(page)));
      }
      return samples;
    });
    return new PageCorpus(opts.algorithm, byClass, raw, weights, performance.now() - t0);
  }

  /** The corpus build(opts) makes, from its pages' storedSizes(); a RangeError when they cannot be that. */
  static fromSizes(opts: CorpusOptions, sizes: readonly (readonly StoredSize[])[], loadMs: number): PageCorpus {
    const k = opts.pagesPerClass ?? 256;
    const fits = (v: StoredSize) => Number.isInteger(v) && v >= ZERO && v <= PAGE_SIZE;
    if (!Array.isArray(sizes) || sizes.length !== PAGE_CLASSES.length || !sizes.every((c) => Array.isArray(c) && c.length === k && c.every(fits))) {
      throw new RangeError(`stored corpus sizes are not ${PAGE_CLASSES.length} classes of ${k} pages`);
    }
    const byClass = PAGE_CLASSES.map((cls, ci) => sizes[ci].map((v: StoredSize) => sample(cls, ci, Math.max(0, v), v < 0, v === ZERO)));
    return new PageCorpus(opts.algorithm, byClass, null, normaliseMix(opts.mix ?? DEFAULT_MIX), loadMs);
  }

  /** Per class, each page's StoredSize (what fromSizes() takes back). */
  storedSizes(): StoredSize[][] {
    return this.byClass.map((c) => c.map((s) => (s.zero ? ZERO : s.sameFilled ? SAME : s.compressedBytes)));
  }

  /** The same compressed pages drawn with other weights (no new compression). */
  withMix(mix: ClassMix): PageCorpus {
    return new PageCorpus(this.algorithm, this.byClass, this.raw, normaliseMix(mix), this.buildMs);
  }

  /** The mix as percentages per class. */
  get mix(): Record<PageClass, number> {
    return Object.fromEntries(PAGE_CLASSES.map((c, i) => [c, this.weights[i] * 100])) as Record<PageClass, number>;
  }

  /** One page sample: a class by weight, then one of that class's real pages uniformly, both from one uniform (where
   *  it falls within the class's span picks the page). */
  draw(rng: Rng): PageSample {
    const u = rng.next();
    const c = this.cumulative;
    const ci = classAt(c, u);
    const lo = ci === 0 ? 0 : c[ci - 1];
    const pages = this.byClass[ci];
    return pages[Math.min(pages.length - 1, Math.floor(((u - lo) / (c[ci] - lo)) * pages.length))];
  }

  samples(cls: PageClass): readonly PageSample[] {
    return this.byClass[PAGE_CLASSES.indexOf(cls)];
  }

  /** The pages behind samples(cls), same order; only when built with keepPages. */
  rawPages(cls: PageClass): readonly Uint8Array[] {
    if (!this.raw) throw new Error('corpus built without keepPages');
    return this.raw[PAGE_CLASSES.indexOf(cls)];
  }

  /** Per class, what one swap-out of that class adds on average (see CorpusFigures for the meaning). */
  classContribution(cls: PageClass, zeromap: boolean, hugeClassSize: number): ClassContribution {
    return contribution(this.samples(cls), zeromap, hugeClassSize);
  }

  /** What zram would report for this corpus's mix after many swap-outs. */
  expected(zeromap: boolean, hugeClassSize: number): CorpusFigures {
    const parts = PAGE_CLASSES.map((c) => this.classContribution(c, zeromap, hugeClassSize));
    return combine(parts, this.weights);
  }
}

/** Expected effect of one swap-out of a class: share stored in zram, same-filled, huge, zero, compr bytes. */
export interface ClassContribution {
  stored: number;
  same: number;
  huge: number;
  zero: number;
  comprBytes: number;
}

function contribution(samples: readonly PageSample[], zeromap: boolean, hugeClassSize: number): ClassContribution {
  const r: ClassContribution = { stored: 0, same: 0, huge: 0, zero: 0, comprBytes: 0 };
  for (const s of samples) {
    if (s.zero) r.zero++;
    if (s.zero && zeromap) continue;
    r.stored++;
    if (s.sameFilled) r.same++;
    else if (s.compressedBytes >= hugeClassSize) { r.huge++; r.comprBytes += PAGE_SIZE; }
    else r.comprBytes += s.compressedBytes;
  }
  const n = samples.length;
  return { stored: r.stored / n, same: r.same / n, huge: r.huge / n, zero: r.zero / n, comprBytes: r.comprBytes / n };
}

export function combine(parts: readonly ClassContribution[], weights: ArrayLike<number>): CorpusFigures {
  let stored = 0, same = 0, huge = 0, zero = 0, compr = 0;
  parts.forEach((p, i) => {
    const w = weights[i];
    stored += w * p.stored; same += w * p.same; huge += w * p.huge; zero += w * p.zero; compr += w * p.comprBytes;
  });
  return {
    ratio: compr > 0 ? (stored * PAGE_SIZE) / compr : Infinity,
    sameFraction: stored > 0 ? same / stored : 0,
    hugeFraction: stored > 0 ? huge / stored : 0,
    zeroShare: zero,
  };
}

// The six page-content classes of the captures' workload (captures/README.md §2), one module for both sides: the
// model's corpus compresses these pages, and the stress workload (src/core/record) puts the same pages into zram.
// The generators are written from that description, so real compression of these pages lands near the per-class
// ratios measured on the capture kernel.
import { OptionError } from '../../errors';
import { Rng } from '../rng';

export const PAGE_SIZE = 4096;

export const PAGE_CLASSES = ['zero', 'fill', 'text', 'ptr', 'sparse', 'rand'] as const;
export type PageClass = (typeof PAGE_CLASSES)[number];

/** Percent (or any non-negative weights) per class; missing classes count as 0. */
export type ClassMix = Partial<Record<PageClass, number>>;

/** The mix every capture scenario used (`reclaimwl -m zero=22,fill=3,text=25,ptr=30,sparse=10,rand=10`). */
export const DEFAULT_MIX: Readonly<Record<PageClass, number>> = { zero: 22, fill: 3, text: 25, ptr: 30, sparse: 10, rand: 10 };

/** Weights normalised to sum 1 over PAGE_CLASSES order; rejects negative, non-finite or all-zero mixes. */
export function normaliseMix(mix: ClassMix): Float64Array {
  const w = new Float64Array(PAGE_CLASSES.length);
  let sum = 0;
  for (const [k, v] of Object.entries(mix)) {
    const i = PAGE_CLASSES.indexOf(k as PageClass);
    if (i < 0) throw new RangeError(`unknown page class '${k}' (expected one of ${PAGE_CLASSES.join(', ')})`);
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`weight of '${k}' must be a finite number ≥ 0, got ${v}`);
    w[i] = v;
    sum += v;
  }
  if (sum <= 0) throw new RangeError('class mix has no positive weight');
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** Parses the `--mix` option, `zero=22,fill=3,text=25,...` (reclaimwl's -m syntax); missing classes get 0. */
export function parseMix(text: string): Record<PageClass, number> {
  const mix = Object.fromEntries(PAGE_CLASSES.map((c) => [c, 0])) as Record<PageClass, number>;
  for (const part of text.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m || !(PAGE_CLASSES as readonly string[]).includes(m[1]) || !Number.isFinite(Number(m[2]))) {
      throw new OptionError('--mix', `'${part}' is not class=weight with class one of ${PAGE_CLASSES.join(', ')}`);
    }
    mix[m[1] as PageClass] = Number(m[2]);
  }
  if (PAGE_CLASSES.every((c) => mix[c] === 0)) throw new OptionError('--mix', 'all weights are 0');
  return mix;
}

/** Cumulative sums of normalised weights, for drawing a class with one uniform number (classAt). */
export function cumulativeWeights(weights: Float64Array): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let c = 0;
  weights.forEach((w, i) => { c += w; cumulative[i] = c; });
  // rounding must not leave a sliver below 1 that would select a trailing zero-weight class
  let last = weights.length - 1;
  while (weights[last] === 0) last--;
  cumulative.fill(1, last);
  return cumulative;
}

/** Index in PAGE_CLASSES of the class that uniform `u` in [0, 1) falls on. */
export function classAt(cumulative: Float64Array, u: number): number {
  let ci = 0;
  while (u >= cumulative[ci]) ci++;
  return ci;
}

const TWO32 = 0x100000000;

function setU64(v: DataView, off: number, value: number): void {
  v.setUint32(off, value % TWO32, true);
  v.setUint32(off + 4, Math.floor(value / TWO32), true);
}

// Our own vocabulary in the spirit of the workload's: English function words, Android/Java identifiers, log
// prefixes, JSON and CSS fragments.
const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an had ' +
  'they you were their one all we can her has there been if more when will would who so no ' +
  'memory page kernel reclaim thread process android system service activity window view layout string value ' +
  'error return null true false class public private static void int long final import package android.view ' +
  'android.app com.android java.lang.String message notification user account settings network ' +
  'http:// https://example.org/ json {"id": "name": "type": }, [ ] <div> </div> <span class=" "> ' +
  'font-size: 14px; color: #222; width: height: onClick onCreate onResume getString setText ' +
  'Bitmap Canvas Paint 2025-03-07 08:15:42.117 INFO DEBUG WARN I/ActivityManager: ' +
  'D/Zygote: Start proc for pid= uid= gids= { } ( ) ; = + - 0 1 2 42 1024 4096 0x7f ' +
  'left right top bottom image text label button'
).split(' ');

const ENCODED_WORDS = WORDS.map((w) => Buffer.from(w, 'latin1'));
const SEPARATORS = [0x0a, 0x2c, 0x2e]; // '\n' ',' '.' each 1/16 of the time, else ' '

function genText(p: Uint8Array, rng: Rng): void {
  let o = 0;
  while (o < PAGE_SIZE) {
    const w = ENCODED_WORDS[rng.int(ENCODED_WORDS.length)];
    if (o + w.length + 1 > PAGE_SIZE) {
      p.fill(0x20, o);
      return;
    }
    p.set(w, o);
    o += w.length;
    const sep = rng.int(16);
    p[o++] = sep < SEPARATORS.length ? SEPARATORS[sep] : 0x20;
  }
}

/** Per-corpus constants of the pointer class: a heap base address and a timestamp origin. */
interface PtrBase { heap: number; ts: number }

function ptrBase(seed: number): PtrBase {
  const r = new Rng(seed ^ 0x5eed);
  return { heap: 0x7a0000000000 + (r.int(0x10000) * 2 ** 24), ts: 1741335342000000 };
}

// 64-byte structs: next pointer, pointer into the heap, index, small length, constant flags, increasing timestamp,
// refcount (one in eight a 56-bit hash), zero.
function genPtr(p: Uint8Array, rng: Rng, pageIndex: number, base: PtrBase): void {
  const v = new DataView(p.buffer, p.byteOffset, PAGE_SIZE);
  const self = base.heap + pageIndex * PAGE_SIZE;
  for (let s = 0; s < PAGE_SIZE / 64; s++) {
    const o = s * 64;
    setU64(v, o, self + o + 64);
    setU64(v, o + 8, base.heap + rng.int(1 << 24) * 16);
    setU64(v, o + 16, pageIndex * 64 + s);
    setU64(v, o + 24, rng.int(1024));
    setU64(v, o + 32, 0x100000003);
    setU64(v, o + 40, base.ts + pageIndex * 64 + s * 8);
    if (rng.int(8) === 0) {
      v.setUint32(o + 48, rng.nextU32(), true);
      v.setUint32(o + 52, rng.nextU32() & 0xffffff, true);
    } else {
      setU64(v, o + 48, rng.int(256));
    }
    setU64(v, o + 56, 0);
  }
}

function genSparse(p: Uint8Array, rng: Rng): void {
  const v = new DataView(p.buffer, p.byteOffset, PAGE_SIZE);
  const n = 1 + rng.int(8);
  for (let k = 0; k < n; k++) {
    const off = rng.int(PAGE_SIZE / 8) * 8;
    v.setUint32(off, rng.nextU32() | 1, true); // never zero, so the page is never all-zero
    v.setUint32(off + 4, rng.int(1 << 15), true);
  }
}

function genFill(p: Uint8Array, rng: Rng): void {
  p.fill(rng.int(2) === 0 ? 0xff : 0x5a);
}

function genRand(p: Uint8Array, rng: Rng): void {
  const v = new DataView(p.buffer, p.byteOffset, PAGE_SIZE);
  for (let o = 0; o < PAGE_SIZE; o += 4) v.setUint32(o, rng.nextU32(), true);
}

/** Writes pages of one class; `pageIndex` plays the page's position in the workload's mapping (pointer class). */
export class PageGenerator {
  private readonly rng: Rng;
  private readonly base: PtrBase;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.base = ptrBase(seed);
  }

  /** Overwrites all 4096 bytes of `page` with content of class `cls`. */
  fill(cls: PageClass, page: Uint8Array, pageIndex: number): void {
    if (page.length !== PAGE_SIZE) throw new RangeError(`page must be ${PAGE_SIZE} bytes, got ${page.length}`);
    page.fill(0);
    switch (cls) {
      case 'zero': return;
      case 'fill': return genFill(page, this.rng);
      case 'text': return genText(page, this.rng);
      case 'ptr': return genPtr(page, this.rng, pageIndex, this.base);
      case 'sparse': return genSparse(page, this.rng);
      case 'rand': return genRand(page, this.rng);
    }
  }
}

/** zram's same-filled test: every 64-bit word equals the first (compared as two 32-bit halves). */
export function isSameFilled(page: Uint8Array): boolean {
  const w = new Uint32Array(page.buffer, page.byteOffset, PAGE_SIZE / 4);
  const lo = w[0];
  const hi = w[1];
  for (let i = 2; i < w.length; i += 2) if (w[i] !== lo || w[i + 1] !== hi) return false;
  return true;
}

export function isZeroPage(page: Uint8Array): boolean {
  return isSameFilled(page) && page.subarray(0, 8).every((b) => b === 0);
}

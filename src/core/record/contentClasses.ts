// Page contents for the stress workload, one class per run of 1–32 pages, in the proportions of a mix. The classes
// span what zram sees on phones: zero pages (swap zeromap since 6.12), same-filled pages (zram same_pages),
// text, pointer-rich heap, sparse pages and incompressible data (zram huge pages).
import { randomBytes } from 'node:crypto';
import { OptionError } from '../errors';

export const CONTENT_CLASSES = ['zero', 'fill', 'text', 'ptr', 'sparse', 'rand'] as const;
export type ContentClass = (typeof CONTENT_CLASSES)[number];
export type ContentMix = Record<ContentClass, number>;

export const DEFAULT_MIX: ContentMix = { zero: 22, fill: 3, text: 25, ptr: 30, sparse: 10, rand: 10 };
export const PAGE = 4096;

/** `zero=22,fill=3,...` (percent or any weights; missing classes get 0). */
export function parseMix(spec: string): ContentMix {
  const mix: ContentMix = { zero: 0, fill: 0, text: 0, ptr: 0, sparse: 0, rand: 0 };
  for (const part of spec.split(',')) {
    const m = /^\s*([a-z]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m || !(CONTENT_CLASSES as readonly string[]).includes(m[1])) {
      throw new OptionError('--mix', `'${part}' is not class=weight with class one of ${CONTENT_CLASSES.join(', ')}`);
    }
    mix[m[1] as ContentClass] = Number(m[2]);
  }
  if (CONTENT_CLASSES.every((c) => mix[c] === 0)) throw new OptionError('--mix', 'all weights are 0');
  return mix;
}

/** xorshift32: fast, seeded, good enough to pick classes and offsets. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.u32() % n;
  }
}

const WORDS = (
  'the of and to in is for on that with as by at from this be are or an it error warning info debug request ' +
  'response user session id name value type status true false null return public static final void int string ' +
  'class import package new if else while for try catch throw exception timestamp level message thread main ' +
  'service activity intent bundle view layout width height color text image url http https json key data list ' +
  'map get set add remove update create delete load save open close read write start stop pause resume cache ' +
  'memory page zone swap kernel process task event handler callback listener manager provider context config'
).split(' ');
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '\n', '": "', '", "', '(', ')', '=', ': ', '_', '.'];

/** Pools that text and random pages are cut from (copying is far faster than generating per page in JS). */
export class ContentPools {
  readonly text: Buffer;
  readonly rand: Buffer;
  constructor(rng: Rng, bytes = 1 << 20) {
    const parts: string[] = [];
    let len = 0;
    while (len < bytes) {
      const w = WORDS[rng.below(WORDS.length)] + SEPARATORS[rng.below(SEPARATORS.length)];
      parts.push(w);
      len += w.length;
    }
    this.text = Buffer.from(parts.join('').slice(0, bytes), 'latin1');
    this.rand = randomBytes(bytes);
  }
}

/**
 * Writes one page of class `cls` into `buf` at `off` (which must be 8-byte aligned). Every class writes the
 * page, so it becomes resident. `tick` is a counter that makes pointer-rich pages differ.
 */
export function fillPage(buf: Buffer, off: number, cls: ContentClass, rng: Rng, pools: ContentPools, tick: number): void {
  const page = buf.subarray(off, off + PAGE);
  switch (cls) {
    case 'zero':
      // Explicit zeros: the allocator may hand back reused memory.
      page.fill(0);
      return;
    case 'fill':
      page.fill(rng.below(2) ? 0xff : 0x5a);
      return;
    case 'text':
    case 'rand': {
      const pool = cls === 'text' ? pools.text : pools.rand;
      const from = rng.below(pool.length - PAGE);
      pool.copy(page, 0, from, from + PAGE);
      return;
    }
    case 'ptr': {
      // 64-byte structs: next pointer, heap pointer, index, small length, flags, timestamp, refcount, hash-or-0.
      const w = new Uint32Array(buf.buffer, buf.byteOffset + off, PAGE / 4);
      const heap = 0x7f000000 + (rng.below(0x10000) << 8);
      for (let i = 0, k = 0; i < PAGE / 4; i += 16, k++) {
        w[i] = heap + (k + 1) * 64;
        w[i + 1] = 0x00007ffd;
        w[i + 2] = heap + rng.below(1 << 20) * 16;
        w[i + 3] = 0x00007ffd;
        w[i + 4] = tick * 64 + k;
        w[i + 6] = 8 + rng.below(56);
        w[i + 8] = 0x00010003;
        w[i + 10] = (tick * 1000 + k * 7) >>> 0;
        w[i + 11] = 0x17;
        w[i + 12] = 1 + rng.below(4);
        w[i + 14] = rng.below(4) === 0 ? rng.u32() : 0;
      }
      return;
    }
    case 'sparse': {
      page.fill(0);
      const w = new Uint32Array(buf.buffer, buf.byteOffset + off, PAGE / 4);
      const n = 1 + rng.below(8);
      for (let i = 0; i < n; i++) w[rng.below(PAGE / 4)] = rng.u32() | 1;
      return;
    }
  }
}

/** Picks classes in runs of 1–32 pages with probabilities proportional to the mix. */
export class ClassPicker {
  private readonly cumulative: number[];
  private readonly total: number;
  private current: ContentClass = 'zero';
  private left = 0;
  constructor(
    mix: ContentMix,
    private readonly rng: Rng,
  ) {
    let sum = 0;
    this.cumulative = CONTENT_CLASSES.map((c) => (sum += mix[c]));
    this.total = sum;
  }
  next(): ContentClass {
    if (this.left === 0) {
      const r = (this.rng.u32() / 2 ** 32) * this.total;
      this.current = CONTENT_CLASSES[this.cumulative.findIndex((c) => r < c)] ?? 'rand';
      this.left = 1 + this.rng.below(32);
    }
    this.left--;
    return this.current;
  }
}

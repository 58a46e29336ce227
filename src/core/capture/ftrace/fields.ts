// Generic `key=value` access over the raw bytes of an event's fields. Lookups continue from the previous match (the
// kernel prints fields in a fixed order, so reading them in order is one pass) and fall back to a search from the
// start, so extra, missing or reordered keys of other kernel versions are tolerated.

import { BytePattern } from './bytePattern';

const SP = 32;
const EQ = 61;
const ASCII = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

/** A field name, encoded once at module load, with where it was last found (lines of one event share a layout). */
export class Key {
  readonly bytes: Uint8Array;
  /** `name=`, compared a word at a time. */
  readonly withEq: BytePattern;
  /** Offset of the key from the start of the fields when last found by a search, -1 before. */
  hint = -1;
  constructor(readonly name: string) {
    this.bytes = Buffer.from(name, 'latin1');
    this.withEq = BytePattern.of(Buffer.from(`${name}=`, 'latin1'));
  }
}
export const key = (name: string): Key => new Key(name);

export class FieldReader {
  buf: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private pos = 0;

  reset(buf: Buffer, start: number, end: number): this {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.pos = start;
    return this;
  }

  /** Index of the value of `key`, or -1. */
  find(k: Key): number {
    // Readers mostly ask for consecutive fields: try right after the previous value, then where the key was last time.
    let p = this.pos;
    if (p !== this.start) {
      while (p < this.end && this.buf[p] !== SP) p++;
      p++;
    }
    if (this.keyAt(k, p)) return (this.pos = p + k.withEq.length);
    const h = this.start + k.hint;
    if (k.hint >= 0 && (h === this.start || this.buf[h - 1] === SP) && this.keyAt(k, h)) return (this.pos = h + k.withEq.length);
    let v = this.scan(k, this.pos, this.end);
    if (v < 0 && this.pos !== this.start) v = this.scan(k, this.start, this.pos);
    if (v >= 0) {
      this.pos = v;
      k.hint = v - k.bytes.length - 1 - this.start;
    }
    return v;
  }

  private keyAt(k: Key, p: number): boolean {
    return p + k.withEq.length <= this.end && k.withEq.matchesAt(this.buf, p);
  }

  private scan(k: Key, from: number, to: number): number {
    const buf = this.buf;
    const n = k.bytes.length;
    for (let e = from + n; e < to; e++) {
      if (buf[e] !== EQ) continue;
      const ks = e - n;
      if ((ks === this.start || buf[ks - 1] === SP) && k.withEq.matchesAt(buf, ks)) return e + 1;
    }
    return -1;
  }

  has(key: Key): boolean {
    return this.find(key) >= 0;
  }

  /** Integer value (decimal, optional sign, or 0x hex); NaN when absent or not a number. */
  int(key: Key): number {
    const v = this.find(key);
    return v < 0 ? NaN : parseIntAt(this.buf, v, this.end);
  }

  /** Value up to the next space. */
  str(key: Key): string | undefined {
    const v = this.find(key);
    if (v < 0) return undefined;
    let e = v;
    while (e < this.end && this.buf[e] !== SP) e++;
    // One-letter values (task states) are common enough to skip the decoder.
    return e === v + 1 && this.buf[v] < 128 ? ASCII[this.buf[v]] : this.buf.toString('utf8', v, e);
  }

  /** Value that may hold spaces (a comm): up to ` <nextKey>=`, else to the end. */
  strUntil(key: Key, nextKey: Key): string | undefined {
    return this.rangeUntil(key, nextKey) ? this.buf.toString('utf8', this.valueStart, this.valueEnd) : undefined;
  }

  /** Bounds of the last rangeUntil value. */
  valueStart = 0;
  valueEnd = 0;

  /** strUntil without decoding: sets valueStart / valueEnd, false when the key is absent. */
  rangeUntil(key: Key, nextKey: Key): boolean {
    const v = this.find(key);
    if (v < 0) return false;
    const n = this.scan(nextKey, v, this.end);
    const e = n < 0 ? this.end : n - nextKey.bytes.length - 2;
    if (n >= 0) this.pos = e;
    this.valueStart = v;
    this.valueEnd = Math.max(v, e);
    return true;
  }
}

export function parseIntAt(buf: Uint8Array, p: number, end: number): number {
  let neg = false;
  if (p < end && buf[p] === 45) {
    neg = true;
    p++;
  }
  let v = 0;
  const s = p;
  if (p + 1 < end && buf[p] === 48 && (buf[p + 1] === 120 || buf[p + 1] === 88)) {
    p += 2;
    const hs = p;
    for (; p < end; p++) {
      const c = buf[p] | 0x20;
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (d < 0) break;
      v = v * 16 + d;
    }
    if (p === hs) return NaN;
  } else {
    while (p < end && buf[p] >= 48 && buf[p] <= 57) v = v * 10 + (buf[p++] - 48);
    if (p === s) return NaN;
  }
  if (p < end && buf[p] !== SP && buf[p] !== 44) return NaN;
  return neg ? -v : v;
}

// Byte-string equality four bytes at a time. V8 compiles DataView.getInt32 to one unaligned load, so comparing
// event names, field keys and comms by 32-bit words costs about a third of a byte-by-byte loop in the hot path.

let lastBuf: Uint8Array | null = null;
let lastView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** A DataView over buf, reused while callers keep passing the same buffer (a line source reuses one per chunk). */
export function viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== lastBuf) {
    lastBuf = buf;
    lastView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  return lastView;
}

/** A byte string kept as little-endian 32-bit words at offsets 0, 4, 8…, the last word ending at the last byte. */
export class BytePattern {
  length = 0;
  private bytes: Uint8Array;
  private words: Int32Array;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.words = new Int32Array((capacity + 3) >> 2);
  }

  static of(bytes: Uint8Array): BytePattern {
    return new BytePattern(bytes.length).set(bytes, 0, bytes.length);
  }

  /** Takes buf[start, end), growing when needed. */
  set(buf: Uint8Array, start: number, end: number): this {
    const n = end - start;
    if (n > this.bytes.length) {
      this.bytes = new Uint8Array(n);
      this.words = new Int32Array((n + 3) >> 2);
    }
    this.bytes.set(buf.subarray(start, end));
    this.length = n;
    const v = new DataView(this.bytes.buffer, 0, n);
    for (let i = 0; i < (n + 3) >> 2; i++) this.words[i] = n >= 4 ? v.getInt32(Math.min(4 * i, n - 4), true) : 0;
    return this;
  }

  /** Whether buf[at, at + length) holds the pattern; the caller checks that the range lies inside buf. */
  matchesAt(buf: Uint8Array, at: number): boolean {
    const n = this.length;
    if (n < 4) {
      for (let i = 0; i < n; i++) if (buf[at + i] !== this.bytes[i]) return false;
      return true;
    }
    const v = viewOf(buf);
    const w = this.words;
    const last = (n + 3 >> 2) - 1;
    // The last word first: names of one family (mm_vmscan_…, nr_…) differ at their ends.
    if (v.getInt32(at + n - 4, true) !== w[last]) return false;
    for (let i = 0; i < last; i++) if (v.getInt32(at + 4 * i, true) !== w[i]) return false;
    return true;
  }
}

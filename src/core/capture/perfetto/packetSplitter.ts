// Splits a serialized Perfetto `Trace` (a run of `packet` fields, field 1, length-delimited) into its packets as its
// bytes arrive, so a trace is decoded packet by packet without being held whole: only the packet being read and the
// chunk it ends in are kept. Other top-level fields are skipped by their wire type.

/** Tag of `Trace.packet` (field 1, length-delimited). */
export const PACKET_TAG = (1 << 3) | 2;

export type Split =
  | { kind: 'packet'; at: number; body: Buffer }
  /** The bytes ended inside the field at `at` (a recorder stopped mid-write). */
  | { kind: 'cut'; at: number }
  /** More bytes are needed. */
  | { kind: 'more' }
  /** No more bytes came, and none are left. */
  | { kind: 'end' };

export class PacketSplitter {
  private buf = Buffer.alloc(0);
  private pos = 0;
  private pending: Buffer[] = [];
  private pendingLen = 0;
  /** Byte offset of the next unread byte in the trace. */
  offset = 0;

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingLen += chunk.length;
  }

  /** Makes `n` bytes from the read position contiguous; false when fewer have arrived. Joins chunks only when a field
   *  spans them, all pending at once, so each byte is copied a bounded number of times. */
  private ensure(n: number): boolean {
    if (this.buf.length - this.pos >= n) return true;
    if (this.buf.length - this.pos + this.pendingLen < n) return false;
    this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.pending]);
    this.pos = 0;
    this.pending = [];
    this.pendingLen = 0;
    return true;
  }

  /** The varint `at` bytes past the read position and where it ends; undefined when it has not all arrived. */
  private varint(at: number): { value: number; end: number } | undefined {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (!this.ensure(at + i + 1)) return undefined;
      const b = this.buf[this.pos + at + i];
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return { value, end: at + i + 1 };
    }
    throw new Error(`a varint of more than 10 bytes at byte ${this.offset + at}`);
  }

  private consume(n: number): void {
    this.pos += n;
    this.offset += n;
  }

  /**
   * The next packet. `done`: no more bytes will come, so a field the bytes end inside is `cut`.
   * @throws Error on bytes no Trace is made of (a varint past 10 bytes, a group or unknown wire type).
   */
  next(done: boolean): Split {
    for (;;) {
      if (this.buf.length - this.pos + this.pendingLen === 0) return { kind: done ? 'end' : 'more' };
      const at = this.offset;
      const tag = this.varint(0);
      if (!tag) return done ? { kind: 'cut', at } : { kind: 'more' };
      const wire = tag.value % 8;
      let start = tag.end;
      let len: number;
      if (wire === 0) {
        const v = this.varint(start);
        if (!v) return done ? { kind: 'cut', at } : { kind: 'more' };
        start = v.end;
        len = 0;
      } else if (wire === 1 || wire === 5) {
        len = wire === 1 ? 8 : 4;
      } else if (wire === 2) {
        const l = this.varint(start);
        if (!l) return done ? { kind: 'cut', at } : { kind: 'more' };
        start = l.end;
        len = l.value;
      } else {
        throw new Error(`wire type ${wire} at byte ${at}`);
      }
      if (!this.ensure(start + len)) return done ? { kind: 'cut', at } : { kind: 'more' };
      const body = this.buf.subarray(this.pos + start, this.pos + start + len);
      this.consume(start + len);
      if (tag.value === PACKET_TAG) return { kind: 'packet', at, body };
    }
  }
}

// LZO1X-1 with zero-run encoding ("lzo-rle", bitstream version 1), the compressor zram uses by default, written here
// from the LZO1X stream format description (Documentation/staging/lzo.rst) and the LZO1X-1 match-finder design:
// a 2^13-entry hash of 4-byte sequences, a literal-skip step that grows by 1 every 32 bytes without a match, match
// extension up to 20 bytes before the end, runs of ≥4 zero bytes as one 4-byte instruction. The output is a valid
// stream (the decoder below round-trips it); what the model uses is its length.
import { PAGE_SIZE } from './pageClasses';

const D_BITS = 13;
const D_MASK = (1 << D_BITS) - 1;
const TAIL = 20; // the last bytes are never a match or run start; they end up as trailing literals
const M2_MAX_LEN = 8;
const M2_MAX_OFFSET = 0x800;
const M3_MAX_OFFSET = 0x4000;
const M3_MAX_LEN = 33;
const MIN_ZERO_RUN = 4;
const MAX_ZERO_RUN = 2047 + MIN_ZERO_RUN;
const MAX_OUT = PAGE_SIZE + (PAGE_SIZE >> 4) + 64 + 3;

const le32 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

export class LzoRlePageCompressor {
  private readonly dict = new Uint16Array(1 << D_BITS);
  readonly out = new Uint8Array(MAX_OUT);
  private lastLength = 0;
  private readonly back = new Uint8Array(PAGE_SIZE);

  /** Compressed length of `page` in bytes, capped at PAGE_SIZE (zram stores such a page raw). */
  compress(page: Uint8Array): number {
    if (page.length !== PAGE_SIZE) throw new RangeError(`page must be ${PAGE_SIZE} bytes, got ${page.length}`);
    this.lastLength = this.encode(page, page.length);
    return Math.min(this.lastLength, PAGE_SIZE);
  }

  /** Decodes the last stream and compares it with `page`. */
  verifyLast(page: Uint8Array): boolean {
    const n = decodeLzoRle(this.out.subarray(0, this.lastLength), this.back);
    if (n !== page.length) return false;
    for (let i = 0; i < n; i++) if (this.back[i] !== page[i]) return false;
    return true;
  }

  private encode(src: Uint8Array, len: number): number {
    const out = this.out;
    let op = 0;
    out[op++] = 17; // version marker: a v0 stream never starts with 17
    out[op++] = 1;
    let stateOffset = -2; // where the previous instruction keeps its "literals follow" bits, relative to op
    let lit = len; // trailing literals when the input is too short for the matcher
    if (len > TAIL) {
      const dict = this.dict;
      dict.fill(0);
      const ipEnd = len - TAIL;
      let ii = 0; // first byte not yet emitted
      let ip = 4;
      let skip = true;
      for (;;) {
        if (skip) ip += 1 + ((ip - ii) >> 5);
        skip = true;
        if (ip >= ipEnd) break;
        const dv = le32(src, ip);
        let run = 0;
        let mPos = 0;
        if (dv === 0) {
          const limit = Math.min(ipEnd, ip + MAX_ZERO_RUN + 1);
          let ir = ip + 4;
          while (ir < limit && src[ir] === 0) ir++;
          run = Math.min(ir - ip, MAX_ZERO_RUN);
        } else {
          const h = (Math.imul(dv, 0x1824429d) >>> (32 - D_BITS)) & D_MASK;
          mPos = dict[h];
          dict[h] = ip;
          if (le32(src, mPos) !== dv) continue;
        }
        op = emitLiterals(src, ii, ip - ii, out, op, stateOffset);
        if (run > 0) {
          ip += run;
          const r = run - MIN_ZERO_RUN;
          out[op++] = 0x18 | (r & 7);
          out[op++] = 0xfc;
          out[op++] = 0xff;
          out[op++] = r >> 3;
          stateOffset = -3;
        } else {
          let mLen = 4;
          while (src[ip + mLen] === src[mPos + mLen]) {
            mLen++;
            if (ip + mLen >= ipEnd) break;
          }
          const off = ip - mPos;
          ip += mLen;
          op = emitMatch(out, op, mLen, off);
          stateOffset = -2;
        }
        ii = ip;
        skip = false;
      }
      lit = len - ii;
    }
    if (lit > 0) op = emitLiterals(src, len - lit, lit, out, op, stateOffset);
    out[op++] = 0x11; // end of stream: an M4 copy at distance 16384
    out[op++] = 0;
    out[op++] = 0;
    return op;
  }
}

/** An instruction whose length field is 0: the length continues in bytes, 255 per zero byte, then the remainder. */
function emitLength(out: Uint8Array, op: number, opcode: number, extra: number): number {
  out[op++] = opcode;
  while (extra > 255) { extra -= 255; out[op++] = 0; }
  out[op++] = extra;
  return op;
}

function emitLiterals(src: Uint8Array, from: number, t: number, out: Uint8Array, op: number, stateOffset: number): number {
  if (t === 0) return op;
  if (t <= 3) out[op + stateOffset] |= t; // 1..3 literals ride in the previous instruction's low bits
  else if (t <= 18) out[op++] = t - 3;
  else op = emitLength(out, op, 0, t - 18);
  out.set(src.subarray(from, from + t), op);
  return op + t;
}

function emitMatch(out: Uint8Array, op: number, mLen: number, off: number): number {
  if (mLen <= M2_MAX_LEN && off <= M2_MAX_OFFSET) {
    const d = off - 1;
    out[op++] = ((mLen - 1) << 5) | ((d & 7) << 2);
    out[op++] = d >> 3;
    return op;
  }
  if (off > M3_MAX_OFFSET) throw new RangeError(`match offset ${off} beyond a 4 KiB page`);
  const d = off - 1;
  if (mLen <= M3_MAX_LEN) out[op++] = 0x20 | (mLen - 2);
  else op = emitLength(out, op, 0x20, mLen - M3_MAX_LEN);
  out[op++] = (d << 2) & 0xff;
  out[op++] = d >> 6;
  return op;
}

/** Decodes an LZO1X stream (v0 or the v1 zero-run extension) into `dst`; returns the decoded length. Throws on a
 *  malformed stream. Used to prove the encoder's streams are valid. */
export function decodeLzoRle(src: Uint8Array, dst: Uint8Array): number {
  let ip = 0;
  let op = 0;
  let version = 0;
  const fail = (why: string): never => { throw new Error(`bad lzo stream at byte ${ip}: ${why}`); };
  const byte = () => (ip < src.length ? src[ip++] : fail('truncated'));
  const literals = (n: number) => {
    if (ip + n > src.length || op + n > dst.length) fail('literal overrun');
    dst.set(src.subarray(ip, ip + n), op);
    ip += n; op += n;
  };
  const copy = (dist: number, n: number) => {
    if (dist > op || dist < 1 || op + n > dst.length) fail(`bad copy distance ${dist} at output ${op}`);
    for (let i = 0; i < n; i++, op++) dst[op] = dst[op - dist];
  };
  const longLength = (base: number) => { let n = base; let b; while ((b = byte()) === 0) n += 255; return n + b; };
  if (src.length >= 5 && src[0] === 17) { version = src[1]; ip = 2; }
  let state = 0;
  if (src[ip] > 17) {
    const t = byte() - 17;
    literals(t);
    state = t < 4 ? t : 4;
  }
  for (;;) {
    const b = byte();
    let s: number;
    if (b < 16) {
      if (state === 0) {
        literals(3 + ((b & 15) || longLength(15)));
        state = 4;
        continue;
      }
      const h = byte();
      copy((h << 2) + ((b >> 2) & 3) + (state === 4 ? 2049 : 1), state === 4 ? 3 : 2);
      s = b & 3;
    } else if (b < 32) {
      if (version >= 1 && (b & 8) && ip + 1 < src.length && (src[ip] | (src[ip + 1] << 8)) >> 2 === 0x3fff) {
        s = src[ip] & 3;
        ip += 2;
        const run = ((byte() << 3) | (b & 7)) + 4;
        if (op + run > dst.length) fail('zero run overrun');
        dst.fill(0, op, op + run);
        op += run;
      } else {
        const n = 2 + ((b & 7) || longLength(7));
        const d = byte() | (byte() << 8);
        const dist = 16384 + ((b & 8) << 11) + (d >> 2);
        if (dist === 16384) return op;
        copy(dist, n);
        s = d & 3;
      }
    } else if (b < 64) {
      const n = 2 + ((b & 31) || longLength(31));
      const d = byte() | (byte() << 8);
      copy((d >> 2) + 1, n);
      s = d & 3;
    } else {
      const n = b < 128 ? 3 + ((b >> 5) & 1) : 5 + ((b >> 5) & 3);
      copy((byte() << 3) + ((b >> 2) & 7) + 1, n);
      s = b & 3;
    }
    literals(s);
    state = s;
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeLzoRle, LzoRlePageCompressor } from './lzoRle';
import { PAGE_CLASSES, PAGE_SIZE, PageGenerator } from './pageClasses';

test('every class round-trips through the lzo-rle encoder and decoder', () => {
  const c = new LzoRlePageCompressor();
  const g = new PageGenerator(3);
  const p = new Uint8Array(PAGE_SIZE);
  for (const cls of PAGE_CLASSES) {
    for (let i = 0; i < 16; i++) {
      g.fill(cls, p, i);
      const n = c.compress(p);
      assert.ok(c.verifyLast(p), `${cls} page ${i}`);
      if (cls === 'rand') assert.equal(n, PAGE_SIZE);
      if (cls === 'zero') assert.ok(n < 48, `a zero page is a few zero-run instructions, got ${n}`);
    }
  }
});

test('stream shape: version header, end marker, zero runs longer than one instruction holds', () => {
  const c = new LzoRlePageCompressor();
  const p = new Uint8Array(PAGE_SIZE); // 4096 zero bytes: runs of at most 2051 need two instructions
  const n = c.compress(p);
  assert.deepEqual([...c.out.subarray(0, 2)], [17, 1]);
  assert.deepEqual([...c.out.subarray(n - 3, n)], [0x11, 0, 0]);
  assert.ok(c.verifyLast(p));
  // header 2 + 5 literals after a 1-byte count + two 4-byte runs (2051 + 2020 bytes) + 20 trailing literals after a
  // 2-byte count (more than 18) + end 3
  assert.equal(n, 2 + 1 + 5 + 8 + 2 + 20 + 3);
});

test('pages made of zero runs, repeats and noise round-trip (property)', () => {
  const c = new LzoRlePageCompressor();
  const segment = fc.oneof(
    fc.record({ kind: fc.constant('zero' as const), len: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ kind: fc.constant('noise' as const), len: fc.integer({ min: 1, max: 300 }), seed: fc.integer() }),
    fc.record({ kind: fc.constant('repeat' as const), len: fc.integer({ min: 1, max: 600 }), back: fc.integer({ min: 1, max: 4000 }) }),
  );
  fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 40 }), (segs) => {
    const p = new Uint8Array(PAGE_SIZE);
    let o = 0;
    for (const s of segs) {
      const end = Math.min(PAGE_SIZE, o + s.len);
      if (s.kind === 'noise') { let x = s.seed | 1; for (; o < end; o++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; p[o] = x & 0xff; } }
      else if (s.kind === 'repeat' && o >= s.back) { for (; o < end; o++) p[o] = p[o - s.back]; }
      else o = end;
    }
    c.compress(p);
    return c.verifyLast(p);
  }), { numRuns: 300 });
});

test('the decoder rejects streams that point outside the output', () => {
  const dst = new Uint8Array(64);
  assert.throws(() => decodeLzoRle(Uint8Array.from([17, 1, 0x20 | 5, 0xff, 0x00, 0x11, 0, 0]), dst), /bad lzo stream/);
  assert.throws(() => decodeLzoRle(Uint8Array.from([17, 1, 5, 65, 66]), dst), /literal overrun/);
});

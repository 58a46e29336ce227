import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BytePattern, viewOf } from './bytePattern';

test('matchesAt agrees with a byte-by-byte compare, for every length and offset', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.uint8Array({ minLength: 0, maxLength: 60 }), fc.nat(), (name, hay, seed) => {
    const p = BytePattern.of(name);
    // Plant the name in half the cases so matches are exercised, not only mismatches.
    const buf = Buffer.concat([Buffer.from(hay), Buffer.from(name), Buffer.from(hay)]);
    const at = seed % (buf.length - name.length + 1);
    if (seed % 2 === 0) buf.set(name, at);
    assert.equal(p.matchesAt(buf, at), Buffer.compare(buf.subarray(at, at + name.length), name) === 0);
  }));
});

test('set replaces the pattern, growing past the first capacity', () => {
  const p = new BytePattern(4);
  const b = Buffer.from('xx mm_vmscan_write_folio: kswapd0');
  p.set(b, 3, 24);
  assert.equal(p.length, 21);
  assert.ok(p.matchesAt(Buffer.from('mm_vmscan_write_folio'), 0));
  assert.ok(!p.matchesAt(Buffer.from('mm_vmscan_lru_isolate'), 0));
  p.set(b, 26, 29);
  assert.ok(p.matchesAt(Buffer.from('ksw'), 0) && !p.matchesAt(Buffer.from('ksx'), 0));
});

test('viewOf reuses the view while the buffer is the same', () => {
  const a = Buffer.from('abcdefgh');
  const b = a.subarray(2);
  assert.equal(viewOf(a), viewOf(a));
  assert.notEqual(viewOf(b), viewOf(a));
  assert.equal(viewOf(b).getUint8(0), 'c'.charCodeAt(0));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionError } from '../../errors';
import { classAt, cumulativeWeights, isSameFilled, isZeroPage, normaliseMix, PAGE_CLASSES, PAGE_SIZE, PageGenerator, parseMix } from './pageClasses';

const page = () => new Uint8Array(PAGE_SIZE);
const u64s = (p: Uint8Array) => {
  const v = new DataView(p.buffer);
  return Array.from({ length: PAGE_SIZE / 8 }, (_, i) => v.getBigUint64(i * 8, true));
};

test('same seed, same pages; another seed, other pages', () => {
  for (const cls of PAGE_CLASSES) {
    const a = page(), b = page(), c = page();
    new PageGenerator(5).fill(cls, a, 3);
    new PageGenerator(5).fill(cls, b, 3);
    new PageGenerator(6).fill(cls, c, 3);
    assert.deepEqual(a, b, cls);
    if (cls !== 'zero' && cls !== 'fill') assert.notDeepEqual(a, c, cls);
  }
});

test('each class has the content its name promises', () => {
  const g = new PageGenerator(11);
  for (let i = 0; i < 50; i++) {
    const p = page();
    g.fill('zero', p, i);
    assert.ok(isZeroPage(p) && isSameFilled(p));
    g.fill('fill', p, i);
    assert.ok(isSameFilled(p) && !isZeroPage(p));
    assert.ok(p[0] === 0xff || p[0] === 0x5a);
    g.fill('sparse', p, i);
    const nonZero = u64s(p).filter((w) => w !== 0n).length;
    assert.ok(nonZero >= 1 && nonZero <= 8 && !isSameFilled(p), `sparse words ${nonZero}`);
    g.fill('text', p, i);
    assert.ok(p.every((b) => b === 0x0a || (b >= 0x20 && b < 0x7f)), 'text is printable ASCII');
    assert.ok(p.filter((b) => b === 0x20).length > 400, 'text has word separators');
    g.fill('rand', p, i);
    assert.ok(!isSameFilled(p) && new Set(p).size > 200);
    g.fill('ptr', p, i);
    const w = u64s(p);
    for (let s = 0; s < 64; s++) {
      assert.equal(w[s * 8 + 4], 0x100000003n); // constant flags
      assert.equal(w[s * 8 + 7], 0n);
      assert.equal(w[s * 8 + 2], BigInt(i * 64 + s)); // index
      assert.ok(w[s * 8 + 3] < 1024n);
      if (s > 0) {
        assert.ok(w[s * 8 + 5] > w[(s - 1) * 8 + 5], 'timestamps increase');
        assert.equal(w[s * 8] - w[(s - 1) * 8], 64n, 'next pointers step by one struct');
      }
    }
  }
});

test('same-filled and zero detection look at every word', () => {
  const p = page();
  assert.ok(isZeroPage(p));
  p[PAGE_SIZE - 1] = 1;
  assert.ok(!isSameFilled(p) && !isZeroPage(p));
  const q = new Uint8Array(PAGE_SIZE);
  for (let i = 0; i < PAGE_SIZE; i += 8) q[i + 3] = 7; // same word, not zero
  assert.ok(isSameFilled(q) && !isZeroPage(q));
  assert.throws(() => new PageGenerator(1).fill('text', new Uint8Array(100), 0), RangeError);
});

test('mix parsing fills in missing classes and names --mix in every error', () => {
  assert.deepEqual(parseMix('zero=22, fill=3,text=2.5'), { zero: 22, fill: 3, text: 2.5, ptr: 0, sparse: 0, rand: 0 });
  for (const [spec, why] of [['zero=1,bogus=2', /'bogus=2'/], ['zero', /'zero'/], ['zero=-1', /'zero=-1'/], ['zero=0,rand=0', /all weights are 0/]] as const) {
    assert.throws(() => parseMix(spec), (e: unknown) => e instanceof OptionError && e.option === '--mix' && why.test(e.message), spec);
  }
});

test('mix normalisation and drawing a class from its cumulative weights', () => {
  assert.throws(() => normaliseMix({ zero: 0 }), /no positive weight/);
  assert.throws(() => normaliseMix({ text: -1, ptr: 2 }), /≥ 0/);
  assert.throws(() => normaliseMix({ bogus: 1 } as never), /unknown page class 'bogus'/);
  const w = normaliseMix({ text: 1, ptr: 3 });
  assert.equal(w[PAGE_CLASSES.indexOf('ptr')], 0.75);
  const cum = cumulativeWeights(w);
  assert.equal(PAGE_CLASSES[classAt(cum, 0)], 'text');
  assert.equal(PAGE_CLASSES[classAt(cum, 0.2499)], 'text');
  assert.equal(PAGE_CLASSES[classAt(cum, 0.25)], 'ptr');
  // the largest double below 1 must not run past ptr into the zero-weight classes behind it
  assert.equal(PAGE_CLASSES[classAt(cum, 1 - 2 ** -53)], 'ptr');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lz4PageCompressor } from './lz4Page';
import { PAGE_CLASSES, PAGE_SIZE, PageGenerator } from './pageClasses';

test('every class round-trips through lz4js; random pages report PAGE_SIZE (stored raw)', () => {
  const c = new Lz4PageCompressor();
  const g = new PageGenerator(2);
  const p = new Uint8Array(PAGE_SIZE);
  for (const cls of PAGE_CLASSES) {
    for (let i = 0; i < 16; i++) {
      g.fill(cls, p, i);
      const n = c.compress(p);
      assert.ok(n > 0 && n <= PAGE_SIZE);
      assert.ok(c.verifyLast(p), `${cls} page ${i}`);
      if (cls === 'rand') assert.equal(n, PAGE_SIZE);
      if (cls === 'sparse' || cls === 'zero') assert.ok(n < 200, `${cls} ${n}`);
    }
  }
});

test('a page compresses to the same size whatever was compressed before (hash table cleared per page)', () => {
  const g = new PageGenerator(4);
  const pages = ['ptr', 'text', 'ptr', 'sparse', 'ptr'].map((cls, i) => {
    const p = new Uint8Array(PAGE_SIZE);
    g.fill(cls as 'ptr', p, i);
    return p;
  });
  const shared = new Lz4PageCompressor();
  for (const p of pages) {
    assert.equal(shared.compress(p), new Lz4PageCompressor().compress(p));
    assert.ok(shared.verifyLast(p));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClassTable, classIndexFor, ZsPool } from './zsmalloc';
import { Rng } from '../rng';

test('huge_class_size is 3625 B for chain 8, 3257 B for chain 4, 3833 B for chain 16', () => {
  assert.equal(buildClassTable(8).hugeClassSize, 3625);
  assert.equal(buildClassTable(4).hugeClassSize, 3257);
  assert.equal(buildClassTable(16).hugeClassSize, 3833);
});

test('class geometry: minimal waste within the chain, merged neighbours, 4096 is a one-page huge class', () => {
  const t = buildClassTable(8);
  const at = (bytes: number) => t.classes[classIndexFor(t, bytes)];
  // 32 B objects: power of two → one page, 128 objects.
  assert.deepEqual(at(1), { size: 32, pagesPerZspage: 1, objsPerZspage: 128, huge: false });
  // An object of 2040 B needs 2048 with its handle: a power of two, one page of 2 objects.
  assert.deepEqual(at(2040), { size: 2048, pagesPerZspage: 1, objsPerZspage: 2, huge: false });
  // 3632 B (the largest multi-object class at chain 8): 8 pages, 9 objects, 32768 − 9·3632 = 80 B waste.
  assert.deepEqual(at(3625 - 1), { size: 3632, pagesPerZspage: 8, objsPerZspage: 9, huge: false });
  const top = at(3625);
  assert.equal(top.huge, true);
  assert.equal(top.size, 4096); // merged: every one-object one-page class up to 4096
  assert.deepEqual(at(4096), top);
  // Every class keeps waste below one object, and merged classes are never adjacent twins.
  for (let i = 0; i < t.classes.length; i++) {
    const c = t.classes[i];
    assert.ok(c.pagesPerZspage >= 1 && c.pagesPerZspage <= 8);
    if (i > 0) {
      const p = t.classes[i - 1];
      assert.ok(p.size < c.size);
      assert.ok(p.pagesPerZspage !== c.pagesPerZspage || p.objsPerZspage !== c.objsPerZspage);
    }
  }
  assert.ok(t.classes.length < 255 && t.classes.length > 100);
});

test('chain 4 table differs from chain 8 in the upper classes', () => {
  const t4 = buildClassTable(4);
  const c = t4.classes[classIndexFor(t4, 3300)];
  assert.equal(c.huge, true);
  const t8 = buildClassTable(8);
  assert.equal(t8.classes[classIndexFor(t8, 3300)].huge, false);
  assert.throws(() => buildClassTable(0), RangeError);
});

test('pool: pages = zspages × chain length; filling and emptying returns to zero', () => {
  const t = buildClassTable(8);
  const pool = new ZsPool(t);
  const cls = t.classes[classIndexFor(t, 3600)];
  const ids: number[] = [];
  for (let i = 0; i < cls.objsPerZspage; i++) ids.push(pool.malloc(3600));
  assert.equal(pool.totalPages, cls.pagesPerZspage); // one full zspage
  ids.push(pool.malloc(3600));
  assert.equal(pool.totalPages, 2 * cls.pagesPerZspage);
  for (const id of ids) pool.free(id);
  assert.equal(pool.totalPages, 0);
  assert.throws(() => pool.free(ids[0]), RangeError);
  assert.throws(() => pool.malloc(0), RangeError);
  assert.throws(() => pool.malloc(4097), RangeError);
});

test('pool: random alloc/free keeps totals consistent with per-class usage and never below the ideal packing', () => {
  const t = buildClassTable(8);
  const pool = new ZsPool(t);
  const rng = new Rng(3);
  const live: number[] = [];
  for (let step = 0; step < 20_000; step++) {
    if (live.length > 0 && rng.next() < 0.45) {
      const k = rng.int(live.length);
      pool.free(live[k]);
      live[k] = live[live.length - 1];
      live.pop();
    } else {
      live.push(pool.malloc(1 + rng.int(4096)));
    }
  }
  const usage = pool.classUsage();
  let pages = 0;
  let objs = 0;
  usage.forEach((u, i) => {
    const c = t.classes[i];
    pages += u.zspages * c.pagesPerZspage;
    objs += u.objects;
    assert.ok(u.zspages >= Math.ceil(u.objects / c.objsPerZspage));
  });
  assert.equal(pages, pool.totalPages);
  assert.equal(objs, live.length);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PageSample } from './corpus';
import { PAGE_CLASSES } from './pageClasses';
import { ZramDevice } from './zramDevice';
import { buildClassTable, classIndexFor } from './zsmalloc';

const zero: PageSample = { cls: 'zero', ci: PAGE_CLASSES.indexOf('zero'), compressedBytes: 0, sameFilled: true, zero: true };
const fill: PageSample = { cls: 'fill', ci: PAGE_CLASSES.indexOf('fill'), compressedBytes: 0, sameFilled: true, zero: false };
const sized = (compressedBytes: number): PageSample => ({ cls: 'ptr', ci: PAGE_CLASSES.indexOf('ptr'), compressedBytes, sameFilled: false, zero: false });

test('zeromap keeps zero pages out of zram; without it they are same-filled pages', () => {
  const on = new ZramDevice();
  on.store(zero);
  assert.equal(on.swpoutZero, 1);
  assert.equal(on.storedPages, 0);
  assert.equal(on.mmStat().origDataSize, 0);
  const off = new ZramDevice({ zeromap: false });
  off.store(zero);
  assert.equal(off.swpoutZero, 0);
  assert.deepEqual([off.mmStat().samePages, off.mmStat().origDataSize, off.mmStat().memUsedTotal], [1, 4096, 0]);
});

test('same-filled, compressed and huge pages are accounted as mm_stat shows them', () => {
  const d = new ZramDevice();
  assert.equal(d.hugeClassSize, 3625);
  d.store(fill);
  d.store(sized(2000));
  d.store(sized(3624)); // just below huge_class_size: zsmalloc's 3632 class
  d.store(sized(3625)); // at huge_class_size: stored raw
  d.store(sized(4096));
  const m = d.mmStat();
  assert.equal(m.origDataSize, 5 * 4096);
  assert.equal(m.comprDataSize, 2000 + 3624 + 4096 + 4096);
  assert.equal(m.samePages, 1);
  assert.equal(m.hugePages, 2);
  // pages: one zspage each for the 2000 B (2016 class) and 3632 B classes plus two one-page huge zspages
  const t = buildClassTable(8);
  const pagesOf = (b: number) => t.classes[classIndexFor(t, b)].pagesPerZspage;
  assert.equal(m.memUsedTotal, (pagesOf(2000) + pagesOf(3624) + 2) * 4096);
  assert.equal(m.memUsedMax, m.memUsedTotal);
  assert.equal(d.poolPages * 4096, m.memUsedTotal);
});

test('free() undoes store() (huge_pages_since and mem_used_max stay), and rejects entries zram does not hold', () => {
  const d = new ZramDevice({ chainSize: 4 });
  assert.equal(d.hugeClassSize, 3257);
  const entries = [d.store(fill), d.store(sized(3300)), d.store(sized(100)), d.store(zero)];
  const peak = d.mmStat().memUsedTotal;
  assert.deepEqual(entries.map((e) => d.free(e)), ['same', 'huge', 'compressed', 'zeromap']);
  const m = d.mmStat();
  assert.deepEqual([m.origDataSize, m.comprDataSize, m.memUsedTotal, m.samePages, m.hugePages], [0, 0, 0, 0, 0]);
  assert.equal(m.hugePagesSince, 1);
  assert.equal(m.memUsedMax, peak);
  for (const e of entries) assert.throws(() => d.free(e), RangeError, `second free of ${e}`);
  assert.throws(() => d.free(-1), RangeError);
  assert.throws(() => d.free(0.5), RangeError);
});

test('a compressed entry names its zspage: frees from one zspage release it only when it is empty', () => {
  const d = new ZramDevice();
  const a = d.store(sized(1000));
  const b = d.store(sized(1000));
  const pages = d.poolPages;
  assert.ok(pages > 0);
  d.free(a);
  assert.equal(d.poolPages, pages, 'the zspage still holds b');
  d.free(b);
  assert.equal(d.poolPages, 0);
  assert.equal(d.mmStat().comprDataSize, 0);
});

test('many pages: mem_used_total tracks compr_data_size with zsmalloc overhead only', () => {
  const d = new ZramDevice();
  for (let i = 0; i < 50_000; i++) d.store(sized(200 + ((i * 7919) % 3000)));
  const m = d.mmStat();
  const overhead = m.memUsedTotal / m.comprDataSize;
  assert.ok(overhead > 1 && overhead < 1.05, `overhead ${overhead}`);
});

test('an empty device reports compr_data_size +0 (the counter is laid out as a double from -0)', () => {
  assert.ok(Object.is(new ZramDevice().mmStat().comprDataSize, 0));
});

test('freeZeromap() releases zeromap entries as free(0) does, and refuses more than the zeromap holds', () => {
  const d = new ZramDevice();
  for (let i = 0; i < 3; i++) d.store(zero);
  d.freeZeromap(2);
  assert.equal(d.free(0), 'zeromap');
  assert.throws(() => d.freeZeromap(1), RangeError);
  assert.equal(d.swpoutZero, 3, 'swpout_zero counts swap-outs, not what is held');
});

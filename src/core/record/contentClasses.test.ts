import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../model/rng';
import { PageCorpus } from '../model/zram/corpus';
import { Lz4PageCompressor } from '../model/zram/lz4Page';
import { DEFAULT_MIX, isSameFilled, isZeroPage, PAGE_CLASSES, PAGE_SIZE, type PageClass } from '../model/zram/pageClasses';
import { ClassPicker, WorkloadPages } from './contentClasses';

test('workload pages are the corpus content: same shapes and compressed sizes per class', () => {
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 3 });
  const pages = new WorkloadPages(5, new Rng(6));
  const lz4 = new Lz4PageCompressor();
  const mem = Buffer.alloc(PAGE_SIZE);
  const n = 128;
  for (const cls of PAGE_CLASSES) {
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      mem.fill(0xab); // reused memory: classes must not rely on zeroed pages
      pages.fill(cls, mem, 500000 + i); // deep into a 4 GiB mapping, as in a real run
      const same = isSameFilled(mem);
      assert.equal(isZeroPage(mem), cls === 'zero', cls);
      assert.equal(same, cls === 'zero' || cls === 'fill', cls);
      if (!same) bytes += lz4.compress(mem);
    }
    const ours = bytes / n;
    const model = corpus.samples(cls).reduce((a, s) => a + s.compressedBytes, 0) / corpus.pagesPerClass;
    // sparse pages hold 1–8 words, so their mean over 128 pages wanders by a few bytes
    assert.ok(Math.abs(ours - model) <= Math.max(0.03 * model, 8), `${cls}: workload ${ours.toFixed(0)} B vs corpus ${model.toFixed(0)} B`);
  }
});

test('class picker follows the mix, in runs of several pages', () => {
  const picker = new ClassPicker(DEFAULT_MIX, new Rng(11));
  const counts = Object.fromEntries(PAGE_CLASSES.map((c) => [c, 0])) as Record<PageClass, number>;
  let switches = 0;
  let prev: PageClass | undefined;
  const n = 400000;
  for (let i = 0; i < n; i++) {
    const c = picker.next();
    counts[c]++;
    if (c !== prev) switches++;
    prev = c;
  }
  for (const c of PAGE_CLASSES) {
    const pct = (counts[c] / n) * 100;
    assert.ok(Math.abs(pct - DEFAULT_MIX[c]) < 2, `${c}: ${pct.toFixed(1)} % vs ${DEFAULT_MIX[c]} %`);
  }
  // Runs of 1–32 pages average 16.5; consecutive runs of one class merge, so observed runs are a bit longer.
  const meanRun = n / switches;
  assert.ok(meanRun > 16 && meanRun < 25, `mean run ${meanRun}`);
});

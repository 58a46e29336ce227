import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng';
import { readCalibRows } from '../../../../test/fixtures/sharedCaptures';
import { PageCorpus } from './corpus';
import { PAGE_CLASSES } from './pageClasses';

test('build is deterministic per seed and verified by round trips (its build time is in npm run bench)', () => {
  const a = PageCorpus.build({ algorithm: 'lz4', seed: 9, verify: true });
  const b = PageCorpus.build({ algorithm: 'lz4', seed: 9 });
  const c = PageCorpus.build({ algorithm: 'lz4', seed: 10 });
  assert.deepEqual(a.samples('text'), b.samples('text'));
  assert.notDeepEqual(a.samples('text'), c.samples('text'));
  assert.equal(a.pagesPerClass, 256);
  PageCorpus.build({ algorithm: 'lzo-rle', seed: 9, pagesPerClass: 64, verify: true });
});

test('samples carry the page facts zram needs', () => {
  const k = PageCorpus.build({ algorithm: 'lz4', seed: 1, pagesPerClass: 32 });
  for (const s of k.samples('zero')) assert.deepEqual(s, { cls: 'zero', ci: PAGE_CLASSES.indexOf('zero'), compressedBytes: 0, sameFilled: true, zero: true });
  for (const s of k.samples('fill')) assert.ok(s.sameFilled && !s.zero && s.compressedBytes === 0);
  for (const s of k.samples('rand')) assert.equal(s.compressedBytes, 4096);
  for (const s of k.samples('ptr')) assert.ok(s.compressedBytes > 1000 && s.compressedBytes < 3000 && !s.sameFilled);
});

test('draw() follows the mix and reuses the corpus pages', () => {
  const k = PageCorpus.build({ algorithm: 'lz4', seed: 2, pagesPerClass: 16, mix: { text: 1, rand: 3 } });
  const rng = new Rng(1);
  const n = 40_000;
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const s = k.draw(rng);
    counts[s.cls] = (counts[s.cls] ?? 0) + 1;
    assert.ok(k.samples(s.cls).includes(s));
  }
  assert.deepEqual(Object.keys(counts).sort(), ['rand', 'text']);
  assert.ok(Math.abs(counts.rand / n - 0.75) < 0.01);
  // a trailing zero-weight class is never drawn, even when the normalised weights sum to just below 1 (1+4+1)
  const edge = k.withMix({ zero: 1, fill: 4, text: 1 });
  const high = { next: () => 1 - 2 ** -53, int: () => 0 } as unknown as Rng;
  assert.equal(edge.draw(high).cls, 'text');
  const again = k.withMix({ ptr: 1 });
  assert.equal(again.draw(rng).cls, 'ptr');
  assert.equal(again.mix.ptr, 100);
});

test('golden: per-class compressed sizes land near the ratios measured on the capture kernel', (t) => {
  const rows = readCalibRows();
  if (!rows) return t.skip('../shared/captures/calib/calib_results.tsv not found');
  for (const algorithm of ['lz4', 'lzo-rle'] as const) {
    const k = PageCorpus.build({ algorithm, seed: 1 });
    for (const cls of ['text', 'ptr', 'sparse'] as const) {
      const r = rows.find((x) => x.algo === algorithm && x.class === cls)!;
      const kernelBytes = Number(r.compr_data_size) / (Number(r.orig_data_size) / 4096);
      const ours = k.samples(cls).reduce((a, s) => a + s.compressedBytes, 0) / k.pagesPerClass;
      const err = Math.abs(ours / kernelBytes - 1);
      // lz4js text output runs a few % larger than liblz4's (toolchain.md §6)
      assert.ok(err < (cls === 'text' ? 0.05 : 0.03), `${algorithm}/${cls}: ${ours.toFixed(0)} B vs kernel ${kernelBytes.toFixed(0)} B`);
    }
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng';
import { readSummary } from '../../../../test/fixtures/sharedCaptures';
import { PageCorpus } from './corpus';
import { buildFittedCorpus, fitMix } from './corpusFit';
import type { FitTargets } from './corpusFit';
import { DEFAULT_MIX, PAGE_CLASSES } from './pageClasses';
import { ZramDevice } from './zramDevice';
import { assertWarning } from '../../testing/warnings';

const none: FitTargets = { ratio: null, sameFraction: null, hugeFraction: null, zeroShare: null };

/** Swaps `n` drawn pages into a fresh device and reads the figures back the way the capture analysis does. */
function replay(corpus: PageCorpus, n: number) {
  const d = new ZramDevice();
  const rng = new Rng(17);
  for (let i = 0; i < n; i++) d.store(corpus.draw(rng));
  const m = d.mmStat();
  return {
    ratio: m.origDataSize / m.comprDataSize,
    ratioUsed: m.origDataSize / m.memUsedTotal,
    sameFraction: m.samePages / d.storedPages,
    hugeFraction: m.hugePages / d.storedPages,
    zeroShare: d.swpoutZero / n,
  };
}

const k = PageCorpus.build({ algorithm: 'lz4', seed: 1, pagesPerClass: 128 });

test('no figures known: the base mix is kept', () => {
  const fit = fitMix(k, none);
  for (const c of PAGE_CLASSES) assert.ok(Math.abs(fit.mix[c] - DEFAULT_MIX[c]) < 1e-9, c);
  assert.deepEqual(fit.warnings, []);
});

test('a mix is recovered from the figures it produces', () => {
  const truth = { zero: 10, fill: 6, text: 25, ptr: 30, sparse: 20, rand: 9 };
  const e = k.withMix(truth).expected(true, 3625);
  const fit = fitMix(k, e);
  for (const c of PAGE_CLASSES) assert.ok(Math.abs(fit.mix[c] - truth[c]) < 1e-6, `${c}: ${fit.mix[c]}`);
});

test('one known figure moves its class only; unreachable figures are clamped with a warning', () => {
  const fit = fitMix(k, { ...none, hugeFraction: 0.3 });
  assert.ok(Math.abs(fit.expected.hugeFraction - 0.3) < 1e-9);
  assert.ok(Math.abs(fit.mix.zero - DEFAULT_MIX.zero) < 1e-9);
  assert.ok(Math.abs(fit.mix.sparse - DEFAULT_MIX.sparse) < 1e-9);
  assert.ok(fit.mix.rand > DEFAULT_MIX.rand && fit.mix.text < DEFAULT_MIX.text);
  const far = fitMix(k, { ...none, ratio: 1.05 });
  assert.match(assertWarning(far.warnings, 'corpus.fit-off-target').message, /ratio/);
  assert.ok(far.expected.ratio > 1.05);
  assert.throws(() => fitMix(k, { ...none, ratio: 0.5 }), RangeError);
  assert.throws(() => fitMix(k, { ...none, zeroShare: 1.2 }), RangeError);
});

for (const capture of ['A_kswapd_lz4', 'B_memcg_lz4']) {
  test(`golden: a corpus fitted to ${capture}'s zram figures reproduces them when replayed`, (t) => {
    const s = readSummary(capture);
    if (!s) return t.skip(`../shared/captures/${capture}/summary.json not found`);
    const targets: FitTargets = {
      ratio: s.zram.compression_ratio_orig_over_compr,
      sameFraction: s.zram.same_pages_fraction,
      hugeFraction: s.zram.huge_pages_fraction,
      zeroShare: s.vmstat.zero_page_share_of_swapouts,
    };
    const { corpus, fit } = buildFittedCorpus({ algorithm: 'lz4', seed: 3, targets });
    assert.deepEqual(fit.warnings, []);
    const got = replay(corpus, 300_000);
    assert.ok(Math.abs(got.ratio / targets.ratio! - 1) < 0.05, `ratio ${got.ratio} vs ${targets.ratio}`);
    assert.ok(Math.abs(got.sameFraction - targets.sameFraction!) < 0.005, `same ${got.sameFraction}`);
    assert.ok(Math.abs(got.hugeFraction - targets.hugeFraction!) < 0.005, `huge ${got.hugeFraction}`);
    assert.ok(Math.abs(got.zeroShare - targets.zeroShare!) < 0.005, `zero ${got.zeroShare}`);
    // zsmalloc overhead: orig/mem_used_total as measured, within 5 %
    const usedRatio = s.zram.compression_ratio_orig_over_mem_used;
    assert.ok(Math.abs(got.ratioUsed / usedRatio - 1) < 0.05, `orig/mem_used ${got.ratioUsed} vs ${usedRatio}`);
  });
}

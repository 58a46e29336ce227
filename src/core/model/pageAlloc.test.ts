// The page allocator's watermarks: fast path at LOW, slow path waking kswapd and dipping to MIN, zs_malloc's pages
// through the same path before ALLOC_NO_WATERMARKS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocPages, allowDirectReclaim, zsmallocPages } from './pageAlloc';
import { MAX_RECLAIM_RETRIES } from './scenario';
import { testContext } from './testing/context';

test('the fast path stops at LOW; the slow path wakes kswapd and takes down to MIN; the rest is short', () => {
  const ctx = testContext({ free: 12_000, min: 1_000, low: 10_000 });
  assert.deepEqual(allocPages(ctx, 2_000), { got: 2_000, short: 0 });
  assert.equal(ctx.kswapd.state, 'sleeping');
  const r = allocPages(ctx, 20_000);
  assert.deepEqual(r, { got: 9_000, short: 11_000 });
  assert.equal(ctx.node.free, 1_000);
  assert.equal(ctx.kswapd.state, 'running', 'wake_all_kswapds() on the slow path');
});

test('zs_malloc pages: LOW first, then MIN, then no watermarks (PF_MEMALLOC reclaimer); never on the LRU', () => {
  const ctx = testContext({ free: 12_000, min: 1_000, low: 10_000 });
  const lru = ctx.node.lruPages;
  assert.equal(zsmallocPages(ctx, 1_000), true);
  assert.equal(ctx.node.free, 11_000);
  assert.equal(ctx.kswapd.state, 'sleeping', 'above LOW: no wake-up');
  assert.equal(zsmallocPages(ctx, 10_500), true);
  assert.equal(ctx.node.free, 500, 'beyond MIN only a PF_MEMALLOC allocation gets pages');
  assert.equal(ctx.kswapd.state, 'running');
  assert.equal(ctx.node.lruPages, lru);
});

test('alloc_zspage() with fewer pages left than the zspage needs fails and takes none (zs_malloc -ENOMEM)', () => {
  const ctx = testContext({ free: 3, min: 1_000, low: 10_000 });
  assert.equal(zsmallocPages(ctx, 4), false);
  assert.equal(ctx.node.free, 3, 'a failed zspage takes no page, and free never goes below 0');
  assert.equal(zsmallocPages(ctx, 3), true);
  assert.equal(ctx.node.free, 0);
  assert.equal(zsmallocPages(ctx, 1), false);
  assert.equal(ctx.node.free, 0);
});

test('a zram write whose zspage cannot be allocated fails: nothing stored, the folio stays, pages never negative', () => {
  const ctx = testContext({ free: 0, min: 1_000, low: 10_000 });
  const page = ctx.corpus.draw(ctx.rng);
  let s = page;
  while (s.sameFilled || s.zero) s = ctx.corpus.draw(ctx.rng);
  assert.equal(ctx.zramStore(s), false, 'no zspage of its class yet and no free page for one');
  assert.equal(ctx.swap.stat().origDataSize, 0);
  assert.equal(ctx.swap.poolPages, 0);
  assert.equal(ctx.node.free, 0);
  const roomy = testContext({ free: 100, min: 1_000, low: 10_000 });
  assert.equal(roomy.zramStore(s), true);
  assert.equal(roomy.node.free, 100 - roomy.swap.poolPages, 'the zspage\'s pages came from the zones');
});

test('allow_direct_reclaim(): throttled below half the pfmemalloc reserve (Σ min)', () => {
  assert.equal(allowDirectReclaim(testContext({ free: 600, min: 1_000 })), true);
  assert.equal(allowDirectReclaim(testContext({ free: 400, min: 1_000 })), false);
});

test('a zspage for a writer without PF_MEMALLOC (mm\'s kcompressd): only above MIN, all or none', () => {
  const ctx = testContext({ free: 12_000, min: 1_000, low: 10_000 });
  assert.equal(zsmallocPages(ctx, 12_000, false), false);
  assert.equal(ctx.node.free, 12_000, 'the pages it got before failing went back');
  assert.equal(zsmallocPages(ctx, 11_000, false), true);
  assert.equal(ctx.node.free, 1_000);
  assert.equal(zsmallocPages(ctx, 500, false), false);
  assert.equal(zsmallocPages(ctx, 500), true, 'a PF_MEMALLOC writer still gets them');
  assert.equal(ctx.node.free, 500);
});

test('allow_direct_reclaim(): a node kswapd gave up on (kswapd_failures ≥ MAX_RECLAIM_RETRIES) is left to direct reclaim', () => {
  const ctx = testContext({ free: 400, min: 1_000 });
  assert.equal(allowDirectReclaim(ctx), false);
  ctx.kswapd.failures = MAX_RECLAIM_RETRIES;
  assert.equal(allowDirectReclaim(ctx), true);
});

test('zspages without CONFIG_COMPACTION are unmovable: they boost the watermarks and wake kswapd even on a balanced node', () => {
  const balanced = testContext({ free: 50_000, min: 1_000, low: 2_000, high: 3_000, w: { zspagesUnmovable: true } });
  assert.equal(zsmallocPages(balanced, 1), true);
  assert.equal(balanced.out.totals.kswapdWakes, 1, 'rmqueue() woke kswapd for the boost (pgdat_watermark_boosted())');
  assert.equal(balanced.node.boosted, false, 'its balance_pgdat() run ended at once and took the boost off');
  const busy = testContext({ free: 2_500, min: 1_000, low: 2_000, high: 3_000, w: { zspagesUnmovable: true } });
  assert.equal(zsmallocPages(busy, 1), true);
  assert.equal(busy.kswapd.state, 'running');
  assert.equal(busy.node.minSum, 1_000 + 512, 'the boost holds while kswapd is in balance_pgdat()');
  const movable = testContext({ free: 2_500, min: 1_000, low: 2_000, high: 3_000 });
  assert.equal(zsmallocPages(movable, 1), true);
  assert.equal(movable.kswapd.state, 'sleeping');
  assert.equal(movable.node.minSum, 1_000);
});

test('a boosted min throttles direct reclaim at free memory that an unboosted one lets through', () => {
  // Lab-sized marks: min 705, high 1057; free 1084 is above half of min (352) but below half of min + max boost (1145).
  const ctx = testContext({ free: 1_084, min: 705, low: 881, high: 1_057, managed: 125_181, w: { zspagesUnmovable: true } });
  assert.equal(allowDirectReclaim(ctx), true);
  ctx.node.take(3, 'none', false, true);
  assert.equal(allowDirectReclaim(ctx), false, 'free 1081 ≤ (705 + 1585) / 2');
});

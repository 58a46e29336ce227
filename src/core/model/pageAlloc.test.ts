// The page allocator's watermarks: fast path at LOW, slow path waking kswapd and dipping to MIN, zs_malloc's pages
// through the same path before ALLOC_NO_WATERMARKS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocPages, allowDirectReclaim, zsmallocPages } from './pageAlloc';
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
  zsmallocPages(ctx, 1_000);
  assert.equal(ctx.node.free, 11_000);
  assert.equal(ctx.kswapd.state, 'sleeping', 'above LOW: no wake-up');
  zsmallocPages(ctx, 11_500);
  assert.equal(ctx.node.free, -500, 'beyond MIN only a PF_MEMALLOC allocation gets pages');
  assert.equal(ctx.kswapd.state, 'running');
  assert.equal(ctx.node.lruPages, lru);
});

test('allow_direct_reclaim(): throttled below half the pfmemalloc reserve (Σ min)', () => {
  assert.equal(allowDirectReclaim(testContext({ free: 600, min: 1_000 })), true);
  assert.equal(allowDirectReclaim(testContext({ free: 400, min: 1_000 })), false);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeZones, type ZoneLimits } from './zones';

// A small DMA32 (with a lowmem_reserve against Normal) beside a big Normal, in zoneinfo order.
const dma32 = (free: number): ZoneLimits => ({ name: 'DMA32', min: 50, low: 100, high: 200, managed: 1_000, reserve: 50, free });
const normal = (free: number): ZoneLimits => ({ name: 'Normal', min: 2_000, low: 20_000, high: 40_000, managed: 100_000, reserve: 0, free });

test('the fast path takes from Normal down to its low mark, then from DMA32 down to low + lowmem_reserve', () => {
  const node = new NodeZones([dma32(900), normal(30_000)]);
  assert.equal(node.take(10_000, 'low'), 10_000); // Normal alone: 30,000 → 20,000
  assert.equal(node.fails('low'), false); // DMA32 is still above 150
  assert.equal(node.take(10_000, 'low'), 900 - 150);
  assert.equal(node.fails('low'), true);
  assert.equal(node.free, 20_000 + 150);
  // The slow path may go down to min (+ reserve) before direct reclaim.
  assert.equal(node.take(100_000, 'min'), (20_000 - 2_000) + (150 - 100));
  assert.equal(node.fails('min'), true);
});

test('kswapd is done once the small zone is above high + reserve, while the node is far below Σ high', () => {
  const node = new NodeZones([dma32(900), normal(30_000)]);
  node.take(Infinity, 'low'); // Normal then DMA32 drained: every zone fails LOW
  assert.equal(node.balanced(), false);
  // Reclaim frees the oldest anon pages first: those allocated from Normal, then the ones from DMA32.
  node.releaseAnon(10_000);
  assert.equal(node.balanced(), false, 'Normal\'s pages came back to Normal');
  node.releaseAnon(150);
  assert.equal(node.balanced(), true, 'DMA32 back above 200 + 50');
  assert.ok(node.free < 40_000 + 200, `node free ${node.free} is below the summed high marks`);
});

test('a zone is balanced only above high plus its lowmem_reserve', () => {
  assert.equal(new NodeZones([dma32(250), normal(1_000)]).balanced(), false);
  assert.equal(new NodeZones([dma32(251), normal(1_000)]).balanced(), true);
  assert.equal(new NodeZones([dma32(0), normal(40_001)]).balanced(), true);
});

test('freed pages without an LRU origin go back by the zones\' share of allocated pages', () => {
  const node = new NodeZones([dma32(500), normal(50_500)]); // allocated: 500 and 49,500
  node.release(1_000); // 10 to DMA32, 990 to Normal
  assert.equal(node.free, 52_000);
  assert.equal(node.take(Infinity, 'low'), (51_490 - 20_000) + (510 - 150));
  // Anon pages on the LRU at the start are spread the same way, and releaseAnon returns them there.
  const lru = new NodeZones([dma32(500), normal(50_500)], 5_000);
  lru.releaseAnon(5_000);
  assert.equal(lru.take(Infinity, 'low'), (55_450 - 20_000) + (550 - 150));
});

test('reclaimed file pages free into the zones that hold the page cache; without zoneinfo\'s file pages, by allocated pages', () => {
  const node = new NodeZones([{ ...dma32(500), filePages: 0 }, { ...normal(50_500), filePages: 30_000 }]);
  node.releaseFile(1_000); // all of it to Normal, although DMA32 holds allocated pages too
  assert.deepEqual(node.zoneFree(), { DMA32: 500, Normal: 51_500 });
  const unknown = new NodeZones([dma32(500), normal(50_500)]);
  unknown.releaseFile(1_000);
  assert.deepEqual(unknown.zoneFree(), { DMA32: 510, Normal: 51_490 });
});

test('zsmalloc\'s pages are taken without watermarks', () => {
  const node = new NodeZones([dma32(500), normal(20_500)]);
  assert.equal(node.take(20_000, 'none'), 20_000);
  assert.equal(node.free, 1_000);
  assert.equal(node.take(1_000, 'low'), 500 - 150, 'Normal is empty; DMA32 keeps its low mark + reserve');
  assert.equal(node.take(1_000, 'none'), 650, 'without watermarks a zone gives its last page, no more');
  assert.equal(node.free, 0);
});

test('zones without managed pages take no part; a node needs one', () => {
  const empty: ZoneLimits = { name: 'Movable', min: 32, low: 32, high: 32, managed: 0, reserve: 0, free: 0 };
  assert.equal(new NodeZones([normal(30_000), empty]).take(15_000, 'low'), 10_000);
  assert.throws(() => new NodeZones([empty]));
});

test('task frees (exit_mmap → zap_pte_range) return the oldest allocations to their zones and take the inactive tail off the LRU', () => {
  const z = new NodeZones([
    { name: 'DMA32', min: 10, low: 100, high: 200, managed: 10_000, reserve: 0, free: 5_000 },
    { name: 'Normal', min: 10, low: 100, high: 200, managed: 100_000, reserve: 0, free: 1_000 },
  ]);
  assert.equal(z.take(800, 'low'), 800); // from Normal
  assert.equal(z.take(1_000, 'low'), 1_000); // Normal is at low: from DMA32
  assert.equal(z.lruPages, 1_800);
  assert.deepEqual(z.inactive.isolate(300), { kept: 300, reclaim: 0 }, 'a scan keeps 300 young folios: rotated to the head');
  z.freeTaskPages(800); // the Normal run is the oldest
  assert.equal(z.lruPages, 1_000);
  assert.deepEqual(z.zoneFree(), { DMA32: 4_100, Normal: 900 });
  assert.equal(z.balanced(), true, 'Normal is back above high');
  assert.equal(z.inactive.size, 1_000);
  assert.equal(z.inactive.youngPages, 700, 'the 300 rotated ones stayed; the freed folios came off the tail');
  z.freeTaskPages(1_500); // beyond the LRU: in proportion to the zones' allocated pages
  assert.equal(z.free, 6_500);
  assert.equal(z.lruPages, 0);
  assert.equal(z.inactive.size, 0);
});

test('folios kept by a scan (folio_check_references()) go back to the head with their zone: reclaim frees the pages behind them', () => {
  const node = new NodeZones([dma32(900), normal(30_000)]);
  node.take(Infinity, 'low'); // oldest 10,000 from Normal, then 750 from DMA32
  // The scan met Normal's 10,000 first and found them young: they rotate, so the next pages freed are DMA32's.
  node.rotateAnon(10_000);
  node.releaseAnon(150);
  assert.deepEqual(node.zoneFree(), { DMA32: 300, Normal: 20_000 });
  assert.equal(node.balanced(), true, 'DMA32 above 200 + 50 while the kept Normal pages stay allocated');
  assert.equal(node.lruPages, 10_750 - 150);
  // The rotated pages are still there, now behind DMA32's: they are freed last, into Normal.
  node.releaseAnon(600 + 10_000);
  assert.deepEqual(node.zoneFree(), { DMA32: 900, Normal: 30_000 });
});

test('an exit frees the oldest allocations\' zones, wherever reclaim rotated them on the list', () => {
  const node = new NodeZones([dma32(900), normal(30_000)]);
  node.take(Infinity, 'low'); // oldest 10,000 from Normal, then 750 from DMA32
  node.rotateAnon(10_000); // kept by a scan: behind DMA32's on the inactive list
  node.freeTaskPages(10_000); // the first task to exit held the first pages allocated
  assert.deepEqual(node.zoneFree(), { DMA32: 150, Normal: 30_000 });
  node.releaseAnon(750); // reclaim meets what is left, DMA32's pages
  assert.deepEqual(node.zoneFree(), { DMA32: 900, Normal: 30_000 });
  assert.equal(node.lruPages, 0);
});

test('boost_watermark(): unmovable pages stolen from movable blocks raise every mark of their zone by a pageblock each, up to 1.5 × high', () => {
  // The lab's 512 MiB guest: min 705, low 881, high 1057 → max boost 1585.
  const zone = (free: number): ZoneLimits => ({ name: 'DMA32', min: 705, low: 881, high: 1_057, managed: 125_181, reserve: 0, free });
  const node = new NodeZones([zone(2_000)]);
  assert.equal(node.take(10, 'low', false), 10);
  assert.deepEqual(node.boosts(), [0], 'movable pages never boost');
  assert.equal(node.take(1, 'low', false, true), 1);
  assert.deepEqual(node.boosts(), [512]);
  assert.equal(node.minSum, 705 + 512, 'allow_direct_reclaim() counts min_wmark_pages(), boost included');
  assert.equal(node.take(4, 'low', false, true), 4);
  assert.deepEqual(node.boosts(), [1_585], 'capped at high × watermark_boost_factor / 10000');
  assert.equal(node.boostedWake, true, 'ZONE_BOOSTED_WATERMARK for rmqueue() to wake kswapd');
  // free is now 1985: above min + low unboosted, below both boosted.
  assert.equal(node.fails('min'), true, '1985 ≤ 705 + 1585');
  assert.equal(node.take(100, 'min', false), 0, 'an allocation without __GFP_HIGH stops at the boosted min');
  assert.equal(node.balanced(), false, 'kswapd balances to high + boost');
  assert.ok(node.free < node.minSum && node.free > node.minSum / 2, 'below the boosted min, not yet throttled');
});

test('balance_pgdat() takes off the boosts it began with; boosts set during the run stay', () => {
  const zone: ZoneLimits = { name: 'DMA32', min: 705, low: 881, high: 1_057, managed: 125_181, reserve: 0, free: 50_000 };
  const node = new NodeZones([zone]);
  node.take(1, 'low', false, true);
  const atStart = node.boosts();
  node.take(1, 'low', false, true);
  assert.deepEqual(node.boosts(), [1_024]);
  node.unboost(atStart);
  assert.deepEqual(node.boosts(), [512]);
  assert.equal(node.boosted, true);
  node.unboost(node.boosts());
  assert.equal(node.boosted, false);
});

test('a zone smaller than four pageblocks is never boosted', () => {
  const node = new NodeZones([{ name: 'DMA', min: 10, low: 20, high: 30, managed: 2_000, reserve: 0, free: 1_000 }]);
  node.take(5, 'low', false, true);
  assert.deepEqual(node.boosts(), [0]);
  assert.equal(node.boostedWake, false);
});

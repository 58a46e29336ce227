// shrink_folio_list() on the modelled LRU: folios whose writeback ended are freed from the tail first; folios still
// under writeback are kept (nr_writeback, or nr_immediate under PGDAT_WRITEBACK for kswapd); scan cost per scanned page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testContext } from './testing/context';
import { mmPolicy, queuedToWorker } from './kcompressd';
import { applyBatch, scanTarget, shrinkFolioList, writeCost } from './vmscan';

test('rotated folios are freed first; folios under writeback are kept; every scanned folio costs the scan', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000 });
  const write = writeCost(ctx.costs);
  ctx.lru.rotated = 10;
  ctx.lru.writeback = 95_000; // every other folio on the LRU is under writeback
  const b = shrinkFolioList(ctx, 32, 'kswapd', 1, true, write);
  assert.equal(b.rotatedFreed, 10);
  assert.equal(b.stealAnon, 10);
  assert.equal(b.writeback, 22);
  assert.equal(b.queue.length, 0);
  assert.equal(b.cpuNs, 32 * ctx.costs.scan);
  ctx.lru.pgdatWriteback = true;
  const k = shrinkFolioList(ctx, 32, 'kswapd', 1, true, write);
  assert.equal(k.immediate, 32, 'PG_reclaim under PGDAT_WRITEBACK: nr_immediate');
  const direct = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.equal(direct.immediate, 0);
});

test('kswapd with kcompressd queues anon folios instead of compressing them; direct reclaim compresses', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000 });
  const write = writeCost(ctx.costs);
  const kswapd = shrinkFolioList(ctx, 32, 'kswapd', 1, true, write);
  const direct = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.equal(kswapd.store.length, 0);
  assert.equal(kswapd.queue.length + kswapd.zero.length, 32);
  assert.equal(direct.queue.length, 0);
  assert.ok(direct.cpuNs > kswapd.cpuNs, 'compression stays with the direct reclaimer');
});

test('the TLB shootdown is charged only when there is another CPU to interrupt', () => {
  const cost = (cpus: number) => {
    const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000, cpus, costs: { tlb: 10_000 } });
    return shrinkFolioList(ctx, 32, 'direct', 1, false, writeCost(ctx.costs)).cpuNs;
  };
  assert.equal(cost(2) - cost(1), 32 * 10_000);
});

test('mm: a folio locked in kcompressd\'s FIFO is kept (folio_trylock() fails), a written clean one is freed without unmap or write', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 0 });
  const write = writeCost(ctx.costs);
  queuedToWorker(ctx, mmPolicy(256), 64); // the only folios on the list: handed to the worker
  const locked = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.deepEqual([locked.locked, locked.stealAnon, locked.scanAnon, locked.store.length], [32, 0, 32, 0]);
  assert.equal(locked.cpuNs, 32 * ctx.costs.scan);
  assert.equal(ctx.node.inactive.locked, 64, 'kept: still the worker\'s, back at the head');
  ctx.node.inactive.written(64, 64);
  const clean = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.deepEqual([clean.stealAnon, clean.rotatedFreed, clean.store.length], [32, 32, 0]);
  assert.equal(clean.cpuNs, 32 * ctx.costs.scan);
  assert.equal(ctx.node.inactive.clean, 32);
});

test('mm: the folios kcompressd wrote wait at the inactive head; a scan frees them only after every older folio (no rotation, unlike v1)', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 3_200 }); // scanned before: reclaimable, but GFP_NOIO
  const write = writeCost(ctx.costs);
  queuedToWorker(ctx, mmPolicy(256), 256);
  ctx.node.inactive.written(256, 256);
  const noioScan = (n: number) => {
    let freed = 0;
    for (let k = 0; k < n / 32; k++) freed += shrinkFolioList(ctx, 32, 'direct', 1, false, write, true).stealAnon;
    return freed;
  };
  assert.equal(noioScan(3_200), 0, 'kcompressd\'s own GFP_NOIO reclaim sweeps the 3,200 older folios first: nothing to free');
  assert.equal(noioScan(256), 256, 'then it reaches the clean ones');
});

test('GFP_NOIO reclaim cannot add anon folios to the swap cache: it scans and keeps them, freeing only clean ones', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 95_000 });
  const write = writeCost(ctx.costs);
  const noio = shrinkFolioList(ctx, 32, 'direct', 1, false, write, true);
  assert.deepEqual([noio.scanAnon, noio.stealAnon, noio.store.length, noio.zero.length], [32, 0, 0, 0]);
  assert.equal(noio.cpuNs, 32 * ctx.costs.scan, 'no unmap, no compression');
  ctx.lru.rotated = 5;
  assert.equal(shrinkFolioList(ctx, 32, 'direct', 1, false, write, true).stealAnon, 5, 'v1 folios rotated after writeback');
});

test('folios a scan keeps go back to the head with their zone: reclaim then frees the pages behind them, into their zones', () => {
  const zones = [
    { name: 'DMA32', min: 50, low: 100, high: 200, managed: 1_000, reserve: 50, free: 900 },
    { name: 'Normal', min: 1_000, low: 10_000, high: 20_000, managed: 100_000, reserve: 0, free: 12_000 },
  ];
  const ctx = testContext({ free: 12_900, anon: 0, w: { zones } });
  ctx.node.take(2_000, 'low'); // the oldest 2,000 from Normal (down to its low mark)
  ctx.node.take(700, 'low'); // then 700 from DMA32
  const write = writeCost(ctx.costs);
  const scan = (n: number, noio = false) => {
    let stolen = 0;
    for (let k = 0; k < n / 20; k++) {
      const b = shrinkFolioList(ctx, 20, 'kswapd', 1, false, write, noio);
      applyBatch(ctx, b, 'kswapd');
      stolen += b.stealAnon;
    }
    return stolen;
  };
  // A first pass finds every PTE young from its fault: all 2,700 kept (folio_check_references()).
  assert.equal(scan(2_700), 0);
  // A GFP_NOIO reclaimer meets Normal's 2,000 and cannot swap them: kept, back to the head.
  assert.equal(scan(2_000, true), 0);
  // The next folios reclaim frees are DMA32's, and their pages go back to DMA32.
  assert.equal(scan(40), 40);
  // (The zram pool's zspages came from DMA32 too: Normal sits at its low mark.)
  assert.deepEqual(ctx.node.zoneFree(), { DMA32: 200 + 40 - ctx.swap.poolPages, Normal: 10_000 });
});

test('get_scan_count(): a sliver of an anon page (zone shares) is an empty list, so the pass scans the page cache', () => {
  // lru_size() counts whole folios: 0.4 of a page left by fractional zone shares must not size the file list from it
  const ctx = testContext({ free: 5_000, anon: 0.4, w: { scanAnonShare: 0.9, fileLruPages: 20_000 } });
  assert.deepEqual(scanTarget(ctx, 1), { pages: 10_000, anonShare: 0 });
});

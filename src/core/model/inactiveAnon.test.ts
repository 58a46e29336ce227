// folio_check_references() on the modelled inactive anon list: a folio with a young PTE from its fault is kept on its
// first scan and reclaimed on its second; frees take the newest folios; what a scan cannot free goes back to the head.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InactiveAnon } from './inactiveAnon';
import { testContext } from './testing/context';
import { shrinkFolioList, writeCost } from './vmscan';

test('a list faulted since the last scan gives nothing on its first pass and everything on its second', () => {
  const l = new InactiveAnon(1000, 1);
  assert.deepEqual(l.isolate(1000), { kept: 1000, reclaim: 0 }, 'FOLIOREF_KEEP: young PTE, first trip');
  assert.equal(l.size, 1000, 'kept folios are back on the list');
  assert.equal(l.youngPages, 0, 'folio_referenced() cleared their accessed bits');
  assert.deepEqual(l.isolate(600), { kept: 0, reclaim: 600 }, 'FOLIOREF_RECLAIM on the second trip');
  assert.equal(l.size, 400);
});

test('a list in the steady state of reclaim (half young): each scan batch keeps half and reclaims half', () => {
  const l = new InactiveAnon(6400, 0.5);
  assert.equal(l.youngPages, 3200);
  assert.deepEqual(l.isolate(64), { kept: 32, reclaim: 32 }, 'young and old interleaved in SWAP_CLUSTER_MAX runs');
  assert.deepEqual(l.isolate(3200), { kept: 1600, reclaim: 1600 });
});

test('folios faulted in after a scan queue behind the kept ones, in list order', () => {
  const l = new InactiveAnon(100, 0);
  l.add(50); // faulted: young, at the head
  assert.deepEqual(l.isolate(120), { kept: 20, reclaim: 100 });
  assert.deepEqual(l.isolate(30), { kept: 30, reclaim: 0 }, 'the rest of the faulted run');
  assert.deepEqual(l.isolate(50), { kept: 0, reclaim: 50 }, 'then the 20 + 30 kept ones, no longer young');
  assert.equal(l.size, 0);
});

test('an exit frees the folios at the tail, the ones reclaim would meet next; the referenced ones rotated to the head stay', () => {
  const l = new InactiveAnon(100, 0); // scanned before: reclaimable
  l.add(40); // faulted since: young
  assert.deepEqual(l.isolate(10), { kept: 0, reclaim: 10 });
  assert.equal(l.removeOldest(60), 60, 'the other 90 old folios at the tail go first');
  assert.equal(l.size, 70);
  assert.equal(l.youngPages, 40, 'the 40 faulted last are still there');
  assert.deepEqual(l.isolate(500), { kept: 40, reclaim: 30 }, 'so the next scan meets 30 old folios, then keeps the young ones');
  assert.equal(l.removeOldest(100), 40, 'only the 40 kept ones are left to free');
  assert.equal(l.removeOldest(10), 0);
});

test('runs of fractional folios (zone shares) that round above their count: a scan empties the list and later faults are kept then reclaimed', () => {
  // 17.1 + 76.8 is 93.9 as a count, but taking 17.1 then 76.8 from it leaves 1.4e-14 with no run left to take it from.
  const l = new InactiveAnon(0);
  l.add(17.1);
  l.isolate(86.8); // the young run is kept: back at the head, accessed bit cleared
  l.add(76.8);
  const all = l.isolate(97.7);
  assert.ok(Math.abs(all.reclaim - 17.1) < 1e-9 && Math.abs(all.kept - 76.8) < 1e-9, JSON.stringify(all));
  assert.ok(Number.isFinite(l.size) && Math.abs(l.size - 76.8) < 1e-9, `size ${l.size}`);
  assert.ok(Math.abs(l.isolate(100).reclaim - 76.8) < 1e-9, 'the kept run is reclaimed on its second trip');
  assert.equal(l.size, 0, 'an emptied list counts 0, not a sliver');
  l.add(64); // new faults after the list ran dry: folio_check_references() keeps them once, then reclaims them
  assert.deepEqual(l.isolate(64), { kept: 64, reclaim: 0 });
  assert.deepEqual(l.isolate(64), { kept: 0, reclaim: 64 });
  assert.equal(l.removeOldest(5), 0, 'nothing left to unmap');
  assert.equal(l.size, 0);
});

test('folios handed to kcompressd come back to the head: met in list order, locked ones kept, written ones freed, failed writes reclaimable', () => {
  const l = new InactiveAnon(100, 0);
  l.handOff(10);
  l.add(5);
  assert.deepEqual(l.isolate(100), { kept: 0, reclaim: 100 }, 'the older folios first');
  assert.deepEqual([l.metClean, l.metLocked], [0, 0]);
  assert.deepEqual(l.isolate(4), { kept: 0, reclaim: 0 });
  assert.deepEqual([l.metClean, l.metLocked, l.locked], [0, 4, 10], 'still in the FIFO: folio_trylock() fails, kept at the head');
  l.written(10, 8); // the worker wrote them in queue order; 2 failed in zram
  assert.deepEqual([l.locked, l.clean], [0, 8]);
  assert.deepEqual(l.isolate(6), { kept: 0, reclaim: 0 });
  assert.deepEqual([l.metClean, l.metLocked], [6, 0], 'clean swap-cache folios: the caller frees them');
  assert.deepEqual(l.isolate(5), { kept: 5, reclaim: 0 }, 'the young ones faulted after the hand-off');
  assert.deepEqual(l.isolate(4), { kept: 0, reclaim: 2 }, 'the 4 kept ones: 2 written, 2 whose write failed (dirty again)');
  assert.deepEqual([l.metClean, l.metLocked, l.clean], [2, 0, 0]);
});

test('a task that exits while kcompressd has its folios: they leave the list, and their later write does not count as another folio\'s', () => {
  const l = new InactiveAnon(0);
  l.handOff(10);
  l.handOff(5);
  assert.equal(l.removeOldest(10), 10);
  l.written(10, 10); // the exited ones
  assert.deepEqual([l.locked, l.clean], [5, 0], 'the 5 still on the list are still locked');
});

test('shrink_folio_list(): global reclaim steals only the folios it meets without a young PTE', () => {
  const ctx = testContext({ free: 5_000, managed: 100_000, anon: 64 }); // the starting folios were scanned before
  const write = writeCost(ctx.costs);
  ctx.node.take(32, 'none', true); // a fault: 32 young folios at the head
  const first = shrinkFolioList(ctx, 64, 'direct', 1, false, write);
  assert.deepEqual([first.scanAnon, first.store.length + first.zero.length], [64, 64]);
  const second = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.deepEqual([second.scanAnon, second.store.length + second.zero.length], [32, 0], 'the faulted folios: kept (young PTE)');
  assert.equal(ctx.node.inactive.size, 32);
  const third = shrinkFolioList(ctx, 32, 'direct', 1, false, write);
  assert.equal(third.store.length + third.zero.length, 32, 'their second trip: reclaimed');
});

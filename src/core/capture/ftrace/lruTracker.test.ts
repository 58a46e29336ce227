import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { LruTracker } from './lruTracker';
import { feed, ftraceLine as L } from './testFeed';

test('batches per comm from shrink_inactive (6.x and ≤4.14 formats), lru_isolate and reclaim_pages', () => {
  const d = new Dispatcher();
  const t = new LruTracker(d);
  feed(d, [
    L('kswapd0', 45, 0, 1, 'mm_vmscan_lru_isolate', 'classzone=3 order=0 nr_requested=32 nr_scanned=40 nr_skipped=0 nr_taken=32 lru=inactive_anon'),
    L('kswapd0', 45, 0, 2, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=32 nr_reclaimed=20 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=2 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
    L('app', 9, 1, 2.5, 'mm_vmscan_lru_isolate', 'isolate_mode=0 classzone=1 order=0 priority=10 nr_requested=8 nr_scanned=67051 nr_taken=0 nr_skipped=67051 lru=ia_anon'),
    L('kswapd0', 45, 0, 3, 'mm_vmscan_lru_shrink_inactive', 'nid=0 nr_scanned=5 nr_reclaimed=1 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'),
    L('kdamond.0', 77, 0, 4, 'mm_vmscan_reclaim_pages', 'nid=0 nr_scanned=1 nr_reclaimed=1 nr_dirty=0'),
    L('kswapd0', 45, 0, 5, 'mm_vmscan_lru_shrink_inactive', 'nid=0 priority=12'),
  ]);
  const k = t.byComm.get('kswapd0')!;
  assert.deepEqual([k.batches, k.scanned, k.reclaimed, k.isolateBatches, k.isolateScanned, k.isolateTaken], [2, 37, 21, 1, 40, 32]);
  assert.deepEqual([t.byComm.get('app')!.isolateScanned, t.byComm.get('kdamond.0')!.reclaimPagesReclaimed], [67051, 1]);
  assert.deepEqual([d.malformed, d.malformedLines], [1, [6]]);
});

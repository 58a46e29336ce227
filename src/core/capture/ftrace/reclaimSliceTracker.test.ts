import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { ReclaimSliceTracker } from './reclaimSliceTracker';
import { feed, ftraceLine as L } from './testFeed';

test('slices per pid and kind; unmatched ends and begins are counted, not used', () => {
  const d = new Dispatcher();
  const t = new ReclaimSliceTracker(d);
  feed(d, [
    L('app', 7, 0, 1.0, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=9'),
    L('app', 7, 0, 1.1, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
    L('Jit thread pool', 8, 1, 1.15, 'mm_vmscan_direct_reclaim_begin', 'order=0 may_writepage=1 gfp_flags=GFP_KERNEL classzone_idx=1'),
    L('app', 7, 0, 1.3, 'mm_vmscan_memcg_reclaim_end', 'nr_reclaimed=32'),
    L('Jit thread pool', 8, 1, 1.4, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=54'),
    L('kswapd0', 45, 1, 1.45, 'mm_vmscan_node_reclaim_begin', 'nid=0 order=0 gfp_flags=GFP_KERNEL'),
    L('kswapd0', 45, 1, 1.46, 'mm_vmscan_node_reclaim_end', 'nr_reclaimed=3'),
    L('app', 7, 0, 1.5, 'mm_vmscan_memcg_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
  ]);
  const m = t.memcg.result();
  assert.deepEqual([...m.start, ...m.nrReclaimed, m.unmatched], [1.1, 32, 2]);
  assert.ok(Math.abs(m.end[0] - 1.3) < 1e-12);
  const dr = t.direct.result();
  assert.deepEqual([...dr.pid, ...dr.nrReclaimed, dr.comms.get(8)], [8, 54, 'Jit thread pool']);
  assert.deepEqual([...t.node.result().nrReclaimed], [3]);
  assert.equal(t.softlimit.result().start.length, 0);
});

test('a discontinuity drops open slices', () => {
  const d = new Dispatcher();
  const t = new ReclaimSliceTracker(d);
  feed(d, [
    L('app', 7, 0, 5, 'mm_vmscan_direct_reclaim_begin', 'order=0 gfp_flags=GFP_KERNEL'),
    L('app', 7, 0, 1, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=1'),
  ]);
  assert.deepEqual([t.direct.result().start.length, t.direct.unmatched], [0, 2]);
});

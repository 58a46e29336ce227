import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { ReclaimSliceTracker } from './reclaimSliceTracker';
import { SchedTracker } from './schedTracker';
import { LruTracker } from './lruTracker';
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

test('a slice\'s on-CPU seconds come from its task\'s sched_switch; a task whose switches the trace shows in part gets NaN', () => {
  const d = new Dispatcher();
  const sched = new SchedTracker(d);
  const t = new ReclaimSliceTracker(d, sched);
  const sw = (cpu: number, ts: number, prev: string, prevPid: number, next: string, nextPid: number) =>
    L(prev, prevPid, cpu, ts, 'sched_switch', `prev_comm=${prev} prev_pid=${prevPid} prev_prio=120 prev_state=R ==> next_comm=${next} next_pid=${nextPid} next_prio=120`);
  feed(d, [
    sw(0, 1.0, 'swapper/0', 0, 'eater', 7),
    L('eater', 7, 0, 1.1, 'mm_vmscan_direct_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
    sw(0, 1.3, 'eater', 7, 'kswapd0', 45), // preempted: 0.2 s on CPU so far, then 0.4 s waiting
    sw(0, 1.7, 'kswapd0', 45, 'eater', 7),
    L('eater', 7, 0, 1.8, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=32'),
    // The agent's switch-in from an untraced task is missing: its switch-out finds it not running.
    sw(1, 2.0, 'swapper/1', 0, 'agent', 9),
    L('agent', 9, 1, 2.1, 'mm_vmscan_direct_reclaim_begin', 'order=0 gfp_flags=GFP_KERNEL'),
    L('agent', 9, 1, 2.3, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=8'),
    sw(1, 2.4, 'agent', 9, 'kswapd0', 45),
    sw(1, 2.6, 'agent', 9, 'kswapd0', 45),
  ]);
  const dr = t.direct.result();
  assert.deepEqual([...dr.pid], [7, 9]);
  assert.ok(Math.abs(dr.onCpuS![0] - 0.3) < 1e-9, `eater on CPU ${dr.onCpuS![0]} s of its 0.7 s slice`);
  assert.ok(Number.isNaN(dr.onCpuS![1]));
});

test('without sched_switch (or without a sched tracker) no slice is timed on-CPU', () => {
  const d = new Dispatcher();
  const t = new ReclaimSliceTracker(d, new SchedTracker(d));
  feed(d, [
    L('eater', 7, 0, 1.1, 'mm_vmscan_direct_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
    L('eater', 7, 0, 1.8, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=32'),
  ]);
  assert.ok(Number.isNaN(t.direct.result().onCpuS![0]));
});

test('each slice counts the folios its own task\'s shrink_inactive batches scanned inside it, with or without the LRU tracker', () => {
  for (const withLru of [true, false]) {
    const d = new Dispatcher();
    const t = new ReclaimSliceTracker(d, new SchedTracker(d));
    if (withLru) new LruTracker(d, t);
    else t.countScans(d, () => undefined);
    const shrink = (comm: string, pid: number, ts: number, scanned: number) =>
      L(comm, pid, 0, ts, 'mm_vmscan_lru_shrink_inactive', `nid=0 nr_scanned=${scanned} nr_reclaimed=1 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=0 nr_ref_keep=0 nr_unmap_fail=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC`);
    feed(d, [
      shrink('eater', 7, 1.0, 500), // before its slice
      L('eater', 7, 0, 1.1, 'mm_vmscan_direct_reclaim_begin', 'order=0 gfp_flags=GFP_HIGHUSER_MOVABLE'),
      shrink('eater', 7, 1.2, 32),
      shrink('kswapd0', 45, 1.25, 64), // another task's batch
      shrink('eater', 7, 1.3, 20),
      L('eater', 7, 0, 1.4, 'mm_vmscan_direct_reclaim_end', 'nr_reclaimed=2'),
    ]);
    assert.deepEqual([...t.direct.result().nrScanned!], [52], withLru ? 'LRU tracker' : 'replay-mode load');
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldReader } from './fields';
import * as ev from './events';

const f = (s: string) => {
  const b = Buffer.from(s);
  return new FieldReader().reset(b, 0, b.length);
};

test('kswapd wake / sleep / wakeup_kswapd across kernel versions', () => {
  assert.deepEqual({ ...ev.readKswapdWake(f('nid=0 order=3')) }, { nid: 0, order: 3, zid: NaN });
  assert.equal(ev.readKswapdSleep(f('nid=1')).nid, 1);
  assert.deepEqual({ ...ev.readWakeupKswapd(f('nid=0 order=0 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP')) },
    { nid: 0, zid: NaN, order: 0, gfpFlags: 'GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP' });
  assert.deepEqual({ ...ev.readWakeupKswapd(f('nid=0 zid=2 order=1')) }, { nid: 0, zid: 2, order: 1, gfpFlags: undefined });
});

test('reclaim begin (3.x with may_writepage / classzone_idx, 6.x, memcg args) and end', () => {
  const old = ev.readReclaimBegin(f('order=0 may_writepage=1 gfp_flags=GFP_KERNEL|__GFP_NOWARN|__GFP_REPEAT classzone_idx=1'));
  assert.deepEqual([old.order, old.mayWritepage, old.gfpFlags, old.classzoneIdx], [0, 1, 'GFP_KERNEL|__GFP_NOWARN|__GFP_REPEAT', 1]);
  const now = ev.readReclaimBegin(f('order=4 gfp_flags=GFP_KERNEL memcg=42'));
  assert.deepEqual([now.order, now.gfpFlags, now.mayWritepage], [4, 'GFP_KERNEL', NaN]);
  assert.equal(ev.readReclaimEnd(f('nr_reclaimed=113 memcg=42')).nrReclaimed, 113);
});

test('lru_isolate: 6.x, ≤6.6 isolate_mode, 4.7 abbreviated lru, 4.9 file=', () => {
  const a = ev.readLruIsolate(f('classzone=3 order=0 nr_requested=26 nr_scanned=26 nr_skipped=0 nr_taken=26 lru=active_file'));
  assert.deepEqual([a.classzone, a.nrRequested, a.nrScanned, a.nrTaken, a.lru, a.anon, a.isolateMode], [3, 26, 26, 26, 'active_file', false, NaN]);
  const b = ev.readLruIsolate(f('isolate_mode=0 classzone=2 order=0 nr_requested=32 nr_scanned=64 nr_skipped=0 nr_taken=32 lru=inactive_anon'));
  assert.deepEqual([b.isolateMode, b.nrScanned, b.anon], [0, 64, true]);
  const c = ev.readLruIsolate(f('isolate_mode=0 classzone=1 order=0 priority=10 nr_requested=8 nr_scanned=67051 nr_taken=0 nr_skipped=67051 lru=ia_anon'));
  assert.deepEqual([c.nrScanned, c.nrSkipped, c.lru, c.anon], [67051, 67051, 'inactive_anon', true]);
  const d = ev.readLruIsolate(f('isolate_mode=0 order=0 nr_requested=32 nr_scanned=32 nr_taken=32 file=1'));
  assert.deepEqual([d.lru, d.anon], ['file', false]);
  const hot = ev.readLruIsolate(f('classzone=3 order=0 nr_requested=26 nr_scanned=20 nr_skipped=0 nr_taken=19 lru=active_file'), false);
  assert.deepEqual([hot.nrScanned, hot.nrTaken, hot.lru, hot.order], [20, 19, undefined, NaN]);
});

test('write_folio (hex pfn) and writepage (decimal pfn)', () => {
  assert.deepEqual({ ...ev.readWriteFolio(f('page=00000000138c58b1 pfn=0x62faf flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC')) }, { pfn: 0x62faf, anon: true });
  assert.deepEqual({ ...ev.readWriteFolio(f('page=f5d0b720 pfn=20153 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC')) }, { pfn: 20153, anon: false });
});

test('lru_shrink_inactive: 6.x, 4.15–5.1 nr_activate, ≤4.14 short', () => {
  const n = ev.readShrinkInactive(f('nid=0 nr_scanned=64 nr_reclaimed=63 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate_anon=0 nr_activate_file=1 nr_ref_keep=0 nr_unmap_fail=0 priority=2 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC'));
  assert.deepEqual([n.nrScanned, n.nrReclaimed, n.nrActivateFile, n.nrActivate, n.priority, n.anon], [64, 63, 1, NaN, 2, false]);
  const mid = ev.readShrinkInactive(f('nid=0 nr_scanned=32 nr_reclaimed=0 nr_dirty=0 nr_writeback=0 nr_congested=0 nr_immediate=0 nr_activate=32 nr_ref_keep=0 nr_unmap_fail=0 priority=3 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  assert.deepEqual([mid.nrActivate, mid.nrActivateAnon, mid.anon], [32, NaN, true]);
  const old = ev.readShrinkInactive(f('nid=0 nr_scanned=5 nr_reclaimed=0 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC'));
  assert.deepEqual([old.nrScanned, old.nrReclaimed, old.priority, old.nrDirty], [5, 0, 12, NaN]);
});

test('shrink_active, reclaim_pages, throttled (kernel typo usect_delayed)', () => {
  const a = ev.readShrinkActive(f('nid=0 nr_taken=26 nr_active=0 nr_deactivated=26 nr_referenced=0 priority=12 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC'));
  assert.deepEqual([a.nrTaken, a.nrDeactivated, a.priority, a.anon], [26, 26, 12, false]);
  const r = ev.readReclaimPages(f('nid=0 nr_scanned=112 nr_reclaimed=110 nr_dirty=0 nr_unmap_fail=0'));
  assert.deepEqual([r.nrScanned, r.nrReclaimed], [112, 110]);
  const t = ev.readThrottled(f('nid=0 usec_timeout=100000 usect_delayed=4000 reason=VMSCAN_THROTTLE_WRITEBACK'));
  assert.deepEqual({ ...t }, { nid: 0, usecTimeout: 100000, usecDelayed: 4000, reason: 'VMSCAN_THROTTLE_WRITEBACK' });
});

test('sched_switch: kernel format, vendor extras, trace-cmd plugin, raw numeric state', () => {
  const k = ev.readSchedSwitch(f('prev_comm=Jit thread pool prev_pid=4435 prev_prio=120 prev_state=R+ ==> next_comm=kswapd0 next_pid=45 next_prio=120 extra_prev_state=K'));
  assert.deepEqual({ ...k }, { prevComm: 'Jit thread pool', prevPid: 4435, prevPrio: 120, prevState: 'R+', nextComm: 'kswapd0', nextPid: 45, nextPrio: 120 });
  const p = ev.readSchedSwitch(f('trace-cmd:4734 [120] R ==> migration/2:18 [0]'));
  assert.deepEqual({ ...p }, { prevComm: 'trace-cmd', prevPid: 4734, prevPrio: 120, prevState: 'R', nextComm: 'migration/2', nextPid: 18, nextPrio: 0 });
  const raw = ev.readSchedSwitch(f('prev_comm=trace-cmd prev_pid=4734 prev_prio=120 prev_state=1024 next_comm=migration/2 next_pid=18 next_prio=0'));
  assert.deepEqual([raw?.prevState, raw?.nextComm, raw?.nextPid], ['1024', 'migration/2', 18]);
  assert.equal(ev.readSchedSwitch(f('garbage')), undefined);
});

test('sched_wakeup: kernel and plugin formats', () => {
  assert.deepEqual({ ...ev.readSchedWakeup(f('comm=kcompactd0 pid=35 prio=120 target_cpu=001')) }, { comm: 'kcompactd0', pid: 35, prio: 120, targetCpu: 1 });
  assert.deepEqual({ ...ev.readSchedWakeup(f('binder:1138_3:1645 [120] success=1 CPU:002')) }, { comm: 'binder:1138_3', pid: 1645, prio: 120, targetCpu: 2 });
});

test('tracing_mark_write B / E / C', () => {
  assert.deepEqual({ ...ev.readTraceMark(f('B|1155|onMessageReceived')) }, { kind: 'B', pid: 1155, name: 'onMessageReceived', value: NaN });
  assert.deepEqual({ ...ev.readTraceMark(f('E|1155')) }, { kind: 'E', pid: 1155, name: '', value: NaN });
  assert.deepEqual({ ...ev.readTraceMark(f('C|1155|memfree|4096')) }, { kind: 'C', pid: 1155, name: 'memfree', value: 4096 });
});

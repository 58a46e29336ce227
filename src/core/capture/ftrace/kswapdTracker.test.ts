import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { KswapdTracker } from './kswapdTracker';
import { feed, ftraceLine as L } from './testFeed';

test('awake intervals: repeated wakes extend, sleep closes, open interval ends at the trace end', () => {
  const d = new Dispatcher();
  const k = new KswapdTracker(d);
  feed(d, [
    L('kswapd0', 45, 0, 10, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('kswapd0', 45, 0, 11, 'mm_vmscan_kswapd_wake', 'nid=0 order=3'),
    L('kswapd0', 45, 0, 12, 'mm_vmscan_kswapd_sleep', 'nid=0'),
    L('kswapd0', 45, 0, 12.5, 'mm_vmscan_kswapd_sleep', 'nid=0'), // a second sleep adds nothing
    L('app', 99, 1, 13, 'mm_vmscan_wakeup_kswapd', 'nid=0 order=0 gfp_flags=GFP_KERNEL'),
    L('kswapd0', 45, 0, 14, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('kswapd1', 46, 1, 15, 'mm_vmscan_kswapd_sleep', 'nid=1'), // asleep before any wake: awake since the trace start
    L('app', 99, 1, 16, 'sched_wakeup', 'comm=kswapd0 pid=45 prio=120 target_cpu=000'),
  ]);
  const r = k.result();
  assert.deepEqual([k.wakes, k.sleeps, k.wakeupRequests], [3, 3, 1]);
  assert.deepEqual([...r.awake.start], [10, 10, 14]);
  assert.deepEqual([...r.awake.end], [12, 15, 16]);
  assert.deepEqual([...r.awakeNode], [0, 1, 0]);
  assert.deepEqual([...k.pids], [45, 46]);
  // the order of the wake that opened each interval: a later balance_pgdat() run's order=3 does not change it
  assert.deepEqual([...r.awakeOrder], [0, -1, 0], 'the interval open at the trace start has no opening wake');
});

test('a high-order kswapd_wake after a sleep opens its interval with that order', () => {
  const d = new Dispatcher();
  const k = new KswapdTracker(d);
  feed(d, [
    L('kswapd0', 45, 0, 1, 'mm_vmscan_kswapd_wake', 'nid=0 order=9'),
    L('kswapd0', 45, 0, 2, 'mm_vmscan_kswapd_wake', 'nid=0 order=0'),
    L('kswapd0', 45, 0, 3, 'mm_vmscan_kswapd_sleep', 'nid=0'),
    L('kswapd0', 45, 0, 4, 'mm_vmscan_kswapd_wake', 'nid=0 order=5'),
  ]);
  k.finish(6);
  assert.deepEqual([...k.result().awakeOrder], [9, 5]);
});

test('a wake or sleep without nid is rejected, not counted', () => {
  const d = new Dispatcher();
  const k = new KswapdTracker(d);
  feed(d, [L('kswapd0', 45, 0, 1, 'mm_vmscan_kswapd_wake', 'order=0'), L('kswapd0', 45, 0, 2, 'mm_vmscan_kswapd_sleep', '')]);
  assert.deepEqual([k.wakes, k.sleeps, d.malformed, d.malformedLines], [0, 0, 2, [1, 2]]);
});

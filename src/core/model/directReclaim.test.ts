// do_try_to_free_pages() on the modelled LRU: priority passes from DEF_PRIORITY down to 0, and who is throttled
// before it (throttle_direct_reclaim(): user tasks, not kernel threads).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Task } from './cpus';
import { directReclaim } from './directReclaim';
import { DEF_PRIORITY } from './scenario';
import { testContext } from './testing/context';
import { writeCost } from './vmscan';

function noioReclaim(free: number, kthread: boolean) {
  const ctx = testContext({ free, min: 1_000, low: 2_000, high: 3_000, managed: 100_000, anon: 90_000 });
  const lru = ctx.node.lruPages;
  const task = new Task('kcompressd0', 1, 1e9);
  let reclaimed = -1;
  directReclaim(ctx, task, writeCost(ctx.costs), (r) => { reclaimed = r; }, { noio: true, kthread });
  ctx.ev.runUntil(0);
  const startedAtOnce = ctx.out.totals.pgscanAnon > 0 || task.cpuNs > 0;
  ctx.ev.runUntil(5e9);
  return { ctx, lru, reclaimed, startedAtOnce };
}

test('a reclaim that frees nothing scans every priority down to 0: the last pass is the whole LRU', () => {
  const { ctx, lru, reclaimed } = noioReclaim(1_500, true);
  assert.equal(reclaimed, 0);
  let expected = 0;
  for (let p = DEF_PRIORITY; p >= 0; p--) expected += Math.floor(lru / 2 ** p);
  assert.equal(ctx.out.totals.pgscanAnon, expected);
  assert.ok(expected > 1.9 * lru);
});

test('below half the pfmemalloc reserve a user task waits for kswapd; a kernel thread reclaims at once', () => {
  assert.equal(noioReclaim(400, true).startedAtOnce, true);
  assert.equal(noioReclaim(400, false).startedAtOnce, false);
});

// throttle_direct_reclaim(): when does a throttled caller (free 400 < half of min 1,000) get into reclaim?
function throttledStart(rc: { noio?: boolean }, unmapNs: number, anon: number): number {
  const ctx = testContext({ free: 400, min: 1_000, low: 2_000, high: 3_000, managed: anon + 10_000, anon, costs: { unmap: unmapNs } });
  const task = new Task('rr-stress', 1, 1e9);
  let startedNs = -1;
  directReclaim(ctx, task, writeCost(ctx.costs), () => undefined, rc);
  const probe = (): void => {
    if (ctx.out.totals.directThrottledNs > 0) startedNs = ctx.ev.now;
    else if (ctx.ev.now < 10e9) ctx.ev.after(1e6, 2, probe);
  };
  probe();
  ctx.ev.runUntil(10e9);
  return startedNs;
}

test('a user page fault (__GFP_FS) waits on pfmemalloc_wait until kswapd wakes it; a GFP_NOIO caller at most HZ', () => {
  // kswapd takes 1 s per page unmapped: its first pass has not brought free over half the reserve in 10 s.
  assert.equal(throttledStart({}, 1e9, 90_000), -1, 'wait_event_killable(): no timeout');
  const noio = throttledStart({ noio: true }, 1e9, 90_000);
  assert.ok(Math.abs(noio - 1e9) <= 1e6, `wait_event_interruptible_timeout(HZ): in at ${noio} ns`);
});

test('balance_pgdat() wakes the throttled tasks after kswapd_shrink_node(), not after each batch', () => {
  // A pass scans lru >> 12 = 2,438 pages at 1 ms each; free passes half the reserve within its first 4 batches.
  const t = throttledStart({}, 1e6, 9_990_000);
  assert.ok(t > 2e9 && t < 4e9, `woken at ${t} ns: at the end of kswapd's first pass`);
});

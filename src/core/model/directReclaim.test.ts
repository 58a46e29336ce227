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

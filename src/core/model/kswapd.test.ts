// kswapd as mm/vmscan.c runs it: wakeup_kswapd() rules, balance_pgdat() priority passes, kswapd_failures and
// kswapd_try_to_sleep()'s nap before the sleep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from './simulation';
import { testContext, testSetup } from './testing/context';
import { MAX_RECLAIM_RETRIES } from './scenario';

test('wakeup_kswapd() leaves a balanced node and a hopeless one asleep', () => {
  const balanced = testContext({ free: 30_000 });
  balanced.kswapd.wakeup();
  assert.equal(balanced.kswapd.state, 'sleeping');
  assert.equal(balanced.out.totals.wakeupRequests, 0);
  const hopeless = testContext({ free: 5_000 });
  hopeless.kswapd.failures = MAX_RECLAIM_RETRIES;
  hopeless.kswapd.wakeup();
  assert.equal(hopeless.kswapd.state, 'sleeping');
});

test('balance_pgdat() reclaims until one zone is above high, then naps HZ/10 before mm_vmscan_kswapd_sleep', () => {
  const ctx = testContext({ free: 5_000, high: 20_000 });
  ctx.kswapd.wakeup();
  assert.equal(ctx.kswapd.state, 'running');
  assert.equal(ctx.out.totals.wakeupRequests, 1);
  assert.equal(ctx.out.totals.kswapdWakes, 1);
  ctx.ev.runUntil(5e9);
  assert.ok(ctx.node.free > 20_000, `free ${ctx.node.free}`);
  assert.equal(ctx.kswapd.state, 'sleeping');
  assert.equal(ctx.out.totals.kswapdSleeps, 1);
  const [start, end] = [ctx.out.kswapdAwake.start[0], ctx.out.kswapdAwake.end[0]];
  // the sleep comes a nap (100 ms) after the last batch, not at once
  assert.ok(end - start >= 1e8, `awake ${end - start} ns`);
  // priorities were raised pass by pass from DEF_PRIORITY: a pass scans lru >> priority
  assert.ok(ctx.out.totals.minPriority < 12);
});

test('kswapd_failures count whole balance_pgdat() runs without progress; after MAX_RECLAIM_RETRIES it sleeps unbalanced', () => {
  // nothing is reclaimable: no anon pages on the LRU and no page cache
  const ctx = testContext({ free: 5_000, anon: 0 });
  ctx.kswapd.wakeup();
  ctx.ev.runUntil(60e9);
  assert.equal(ctx.kswapd.failures, MAX_RECLAIM_RETRIES);
  assert.equal(ctx.kswapd.state, 'sleeping');
  assert.equal(ctx.out.totals.kswapdWakes, MAX_RECLAIM_RETRIES, 'one kswapd_wake per balance_pgdat() run');
  assert.ok(ctx.node.free < 20_000);
  ctx.kswapd.wakeup();
  assert.equal(ctx.kswapd.state, 'sleeping', 'wakeup_kswapd() skips a hopeless node');
});

test('a wake-up during the nap sends kswapd straight back into balance_pgdat() without a kswapd_sleep', () => {
  const ctx = testContext({ free: 19_000, high: 20_000 });
  ctx.kswapd.wakeup();
  for (let i = 0; i < 1000 && ctx.kswapd.state !== 'napping'; i++) ctx.ev.runUntil(ctx.ev.now + 1e6);
  assert.equal(ctx.kswapd.state, 'napping');
  ctx.node.take(15_000, 'none'); // a big allocation drains the zone
  ctx.kswapd.wakeup();
  assert.equal(ctx.kswapd.state, 'running');
  assert.equal(ctx.out.totals.kswapdSleeps, 0);
});

test('kswapd already in balance_pgdat() when the capture began reclaims to high from t = 0, without a wakeup_kswapd()', () => {
  // free between low and high: no allocation would wake it, but a woken kswapd runs until pgdat_balanced().
  const ctx = testContext({ free: 15_000, low: 10_000, high: 20_000 });
  ctx.kswapd.runningAtStart();
  assert.equal(ctx.kswapd.state, 'running');
  assert.equal(ctx.out.totals.wakeupRequests, 0, 'the wake-up came before the capture');
  assert.equal(ctx.out.kswapdWakes[0], 1, 'an awake span begins at the start, as the trace\'s does');
  ctx.ev.runUntil(5e9);
  assert.ok(ctx.node.free > 20_000, `free ${ctx.node.free}`);
  assert.equal(ctx.kswapd.state, 'sleeping');
  assert.equal(ctx.out.kswapdAwake.start[0], 0);

  const balanced = testContext({ free: 30_000, high: 20_000 });
  balanced.kswapd.runningAtStart();
  assert.equal(balanced.kswapd.state, 'sleeping', 'a balanced node: kswapd_try_to_sleep() would have put it to sleep');
});

test('runScenario starts kswapd running only when the workload says it was (pgscan_kswapd in the first interval)', async () => {
  const run = (awake: boolean) => runScenario(testSetup({ free: 15_000, w: awake ? { kswapdAwakeAtStart: true } : {} }));
  const [asleep, running] = await Promise.all([run(false), run(true)]);
  assert.equal(asleep.totals.pgstealAnon, 0, 'free above low: nothing wakes it');
  assert.ok(running.totals.pgstealAnon > 0);
  assert.ok(running.freePages[running.bins - 1] > 20_000);
});

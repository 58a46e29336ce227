// The tasks' closed loop: direct reclaim runs in the allocating task's own context (its Task, its CPU time), so in
// both scenarios — today's kernel and with kcompressd, which only takes kswapd's writes — a task that reclaims
// more slowly is served less of what it wanted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mmPolicy, v1Policy } from './kcompressd';
import { Rng } from './rng';
import { runScenario } from './simulation';
import { Tasks } from './tasks';
import { testContext, testSetup } from './testing/context';
import { writeCost } from './vmscan';

async function run(unmapNs: number, offload?: ReturnType<typeof mmPolicy>) {
  const setup = testSetup({
    free: 30_000, min: 1_000, low: 2_000, high: 3_000, managed: 200_000, anon: 170_000, costs: { unmap: unmapNs },
    w: { globalDemand: Float64Array.of(300_000), maxRatePagesPerS: 30_000 }, // 30k pages/s wanted for 10 s
  });
  return runScenario({ ...setup, offload });
}

for (const [name, offload] of [['today\'s kernel', undefined], ['mm kcompressd', mmPolicy(256)], ['v1 kcompressd', v1Policy(4, 4096)]] as const) {
  test(`${name}: direct reclaim is the allocating task's own time, so slower reclaim serves less of its intent`, async () => {
    const fast = await run(2_000, offload);
    const slow = await run(200_000, offload);
    assert.ok(slow.totals.allocstalls > fast.totals.allocstalls);
    assert.ok(slow.tasks.cpuNs > 1e9 && slow.tasks.cpuNs > fast.tasks.cpuNs, 'the reclaim CPU is charged to the tasks');
    assert.ok(slow.totals.servedPages < 0.9 * fast.totals.servedPages, `served ${fast.totals.servedPages} → ${slow.totals.servedPages}`);
    assert.ok(slow.totals.servedPages < slow.totals.intentPages);
  });
}

test('an exit frees its pages where they are: slot frees the replay\'s smaller pool cannot serve free resident pages', async () => {
  // 10 s above the high watermark (no reclaim, nothing in zram), while the capture's exits freed 20,000 swap slots.
  const o = await runScenario(testSetup({ free: 400_000, managed: 1_000_000, anon: 500_000, w: { slotFrees: Float64Array.of(20_000) } }));
  assert.equal(o.totals.slotFreeNotify, 0, 'no slot to free: the replay swapped none of those pages out');
  const gained = o.freePages[o.bins - 1] - 400_000;
  assert.ok(Math.abs(gained - 20_000) < 100, `the exiting task's 20,000 pages go back to the buddy allocator (free rose by ${gained})`);
});

test('several allocating tasks: while one is in direct reclaim the others take what kswapd frees; one task waits for its reclaim', async () => {
  const run = (directReclaimers: number) => runScenario(testSetup({
    free: 30_000, min: 1_000, low: 2_000, high: 3_000, managed: 200_000, anon: 170_000, costs: { unmap: 200_000 },
    w: { globalDemand: Float64Array.of(300_000), maxRatePagesPerS: 30_000, directReclaimers },
  }));
  const one = await run(1);
  const two = await run(2);
  assert.ok(one.totals.allocstalls > 0 && two.totals.allocstalls > 0);
  assert.ok(two.totals.servedPages > one.totals.servedPages, `served ${one.totals.servedPages} → ${two.totals.servedPages}`);
  const meanFree = (o: typeof one) => o.freePages.reduce((a, b) => a + b, 0) / o.bins;
  assert.ok(meanFree(two) < meanFree(one), `the pages kswapd frees above MIN do not wait for the reclaiming task (mean free ${meanFree(one).toFixed(0)} → ${meanFree(two).toFixed(0)})`);
});

test('a swap-in comes after the allocations the program made before it: a task held up in reclaim swaps in once it has caught up', () => {
  // 1 s wanting 5,000 pages with 1,000 free above MIN, then 1 s swapping 500 pages back in.
  const swappedInBy = (unmapNs: number, atNs: number) => {
    const ctx = testContext({
      free: 2_000, min: 1_000, low: 2_000, high: 3_000, managed: 100_000, anon: 98_000, costs: { unmap: unmapNs },
      w: { durationNs: 2e9, endNs: Float64Array.of(1e9, 2e9), globalDemand: Float64Array.of(5_000, 0), memcgDemand: new Float64Array(2),
        swapIn: Float64Array.of(0, 500), swapInZero: new Float64Array(2), slotFrees: new Float64Array(2) },
    });
    const rng = new Rng(3);
    for (let k = 0; k < 500; k++) ctx.swap.store(ctx.corpus.draw(rng));
    const before = ctx.swap.slots;
    new Tasks(ctx, writeCost(ctx.costs)).start();
    ctx.ev.runUntil(atNs);
    const t = ctx.out.totals;
    return before + t.pswpout + t.swpoutZero - ctx.swap.slots;
  };
  const fast = swappedInBy(2_000, 1.5e9);
  assert.ok(fast > 200 && fast < 300, `caught up at once: half the swap-ins by 1.5 s (${fast})`);
  assert.equal(swappedInBy(2e6, 1.5e9), 0, 'a task still in reclaim for its earlier allocations (2 ms per unmapped page) has not reached them');
  assert.ok(swappedInBy(2e6, 2e9) < 500, 'nor by the end of the interval that wanted them: they come when it catches up');
});

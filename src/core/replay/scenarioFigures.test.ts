// A scenario's headline figures hold nothing from outside the window they are stated over (trial2 #11: the demo's
// "simulated today" zram mem_used was the baseline's peak at t = 32 s under a 13.4–25.0 s header).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScenarioOutput } from '../model/simulation';
import { gainLimits, kcompressdFigures, scenarioFigures, slowdownCauses, workersThatRan } from './scenarioFigures';

const MiB = 1 << 20;

/** Ten 1-s bins; inside bins 2–5 a modest run, at bins 8–9 (outside) the largest zram, stalls and lowest free. */
function output(): ScenarioOutput {
  const bins = 10;
  const s = (f: (i: number) => number) => Float64Array.from({ length: bins }, (_, i) => f(i));
  const late = (i: number) => i >= 8;
  return {
    binNs: 1e9, bins, durationNs: 10e9,
    freePages: s((i) => (late(i) ? 1000 : 50_000 - i * 1000)),
    pgstealAnon: s(() => 100), pgscanAnon: s(() => 200), swapOut: s(() => 100),
    allocstalls: s((i) => (late(i) ? 7 : i === 3 ? 1 : 0)),
    directNs: s((i) => (late(i) ? 5e6 : i === 3 ? 1e6 : 0)),
    memcgNs: s((i) => (late(i) ? 9e6 : 0)),
    served: s(() => 262_144),
    zramOrig: s((i) => (late(i) ? 900 : 100 + i * 10) * MiB),
    zramCompr: s((i) => (late(i) ? 300 : 50 + i * 5) * MiB),
    zramMemUsed: s((i) => (late(i) ? 955 : 60 + i * 5) * MiB),
    kswapd: { busyBins: s(() => 5e8) }, tasks: { busyBins: s(() => 0) },
    totals: { allocstalls: 18, directNs: 14e6, memcgNs: 18e6, servedPages: 10 * 262_144 },
    minFreePages: 1000,
  } as unknown as ScenarioOutput;
}

test('every headline figure is taken over the stated window, not the whole run', () => {
  const f = scenarioFigures(output(), { first: 2, last: 5, seconds: 4 });
  assert.equal(f.zramMemUsedMiB, 85); // at the window's largest orig_data_size (bin 5), not 955 at bin 8
  assert.equal(f.zramRatio, 2); // 150 / 75 at bin 5, not 3
  assert.equal(f.minFreeMiB, 175.8); // 45,000 pages, the lowest sample in bins 2–5 (not the 1000 at bin 8), to 0.1 MiB
  assert.equal(f.allocstalls, 1);
  assert.equal(f.directReclaimMs, 1);
  assert.equal(f.memcgReclaimMs, 0);
  assert.equal(f.allocstallsPerGiB, 0.25); // 1 stall per 4 × 262,144 pages = 4 GiB served in the window
  assert.equal(f.pgstealAnonPerS, 100);
  assert.equal(f.kswapdCpuPct, 50);
});

test('a window before any zram store says so rather than borrowing a later sample', () => {
  const o = output();
  o.zramOrig.fill(0, 0, 8);
  o.zramCompr.fill(0, 0, 8);
  const f = scenarioFigures(o, { first: 0, last: 3, seconds: 4 });
  assert.match((f.zramMemUsedMiB as { unavailable: string }).unavailable, /window/);
  assert.match((f.zramRatio as { unavailable: string }).unavailable, /window/);
});

test('a small guest\'s min free keeps its fraction of a MiB: 1,130 pages read 4.4 MiB, not 4', () => {
  const o = output();
  o.freePages[3] = 1130;
  assert.equal(scenarioFigures(o, { first: 2, last: 5, seconds: 4 }).minFreeMiB, 4.4);
});

// trial (T_lz4_bursty_gaps): "workers waited 2919.4 ms for a core" beside "332,447 pages freed": a figure in a
// sentence is thousands-separated as the tables are.
test('the gain\'s limits give their figures thousands-separated', () => {
  const kc = output();
  const worker = { busyBins: Float64Array.from({ length: 10 }, () => 5e8), cpuNs: 5e9 };
  Object.assign(kc, {
    kcompressd: { queued: 10_000, fallback: 0, tasks: [worker], compressNs: [4e9], waitNs: 2_919.4e6, queuedNs: 1_234.5e6, policy: { variant: 'v1' } },
    totals: { ...kc.totals, nrWriteback: 12_000, nrImmediate: 345, kswapdThrottledNs: 1_500e6, writestalls: 0 },
  });
  const text = gainLimits(output(), kc, 1, 0.3).limitedBy.join('\n');
  assert.match(text, /workers waited 2,919 ms for a core: 1,235 ms queued behind kswapd, the tasks or another worker, 1,685 ms slowed/);
  assert.match(text, /kswapd met 12,345 folios still under writeback \(345 nr_immediate\), throttled 1,500 ms/);
});

// trial5 #12: 'writeback: kswapd met 15 folios still under writeback (0 nr_immediate), throttled 0 ms' was listed as a
// limit on the demo although it cost kswapd no time.
test('folios met under writeback limit the gain only when kswapd throttled on them', () => {
  const limits = (throttledNs: number) => {
    const kc = output();
    Object.assign(kc, {
      kcompressd: { queued: 10_000, fallback: 0, tasks: [], compressNs: [], waitNs: 0, queuedNs: 0, policy: { variant: 'v1' } },
      totals: { ...kc.totals, nrWriteback: 15, nrImmediate: 0, kswapdThrottledNs: throttledNs, writestalls: 0 },
    });
    return gainLimits(output(), kc, 2, 0.3).limitedBy.join('\n');
  };
  assert.doesNotMatch(limits(0), /writeback/);
  assert.match(limits(20e6), /^writeback: kswapd met 15 folios still under writeback \(0 nr_immediate\), throttled 20 ms$/m);
});

// trial5: mm's slower cause said 'so 1 were freed only when a scan met them again'.
test('the slower cause counts folios in agreement: 1 folio was freed, 2 folios were', () => {
  const causes = (rescans: number, locked: number) => {
    const base = output();
    const kc = output();
    Object.assign(base, { totals: { ...base.totals, pgscanAnon: 100, pgstealAnon: 100, writestalls: 0 } });
    Object.assign(kc, {
      kcompressd: { queued: 10, fallback: 0, tasks: [], compressNs: [], policy: { variant: 'mm' } },
      totals: { ...kc.totals, pgscanAnon: 200, pgstealAnon: 100, writestalls: 0, writebackRescans: rescans, lockedKept: locked },
    });
    return slowdownCauses(base, kc, 0.9);
  };
  assert.match(causes(1, 1), /, so 1 folio was freed only on a later scan; 1 folio met still locked in the FIFO$/);
  assert.match(causes(2, 1_234), /, so 2 folios were freed only on a later scan; 1,234 folios met still locked in the FIFO$/);
  // trial13 #7/#12: the inactive list's fractional runs printed "161,842.872 folios", "2,010.246 folios".
  assert.match(causes(161_842.872, 2_010.246), /, so 161,843 folios were freed only on a later scan; 2,010 folios met still locked in the FIFO$/);
});

// trial5 #5: A's workers read busy 20.5 / 0.0 % (the headline's window) beside pages [1,446,587, 16,171, 0, 0] (the
// whole replay). Busy %, pages and µs per page are now over one span, the window the headline states.
test('a worker\'s busy %, pages and µs per page are over the same window; its reclaim ms and FIFO are the whole replay\'s', () => {
  const o = output();
  const bins = (f: (i: number) => number) => Float64Array.from({ length: 10 }, (_, i) => f(i));
  // Worker 0 works inside bins 2–5; worker 1 only at bin 8, outside.
  const tasks = [{ busyBins: bins((i) => (i >= 2 && i <= 5 ? 2e8 : 0)), cpuNs: 8e8 + 5e6 }, { busyBins: bins((i) => (i === 8 ? 1e8 : 0)), cpuNs: 1e8 }];
  Object.assign(o, {
    kcompressd: { queued: 10, fallback: 0, fullNs: 0, highWater: 5, workerHighWater: [5, 3], tasks,
      pages: [40_000, 10_000], compressNs: [8e8, 1e8],
      pageBins: [bins((i) => (i >= 2 && i <= 5 ? 10_000 : 0)), bins((i) => (i === 8 ? 10_000 : 0))],
      compressBins: [bins((i) => (i >= 2 && i <= 5 ? 2e8 : 0)), bins((i) => (i === 8 ? 1e8 : 0))] },
    totals: { ...o.totals, writebackRescans: 161_842.872 },
  });
  const f = kcompressdFigures(o, { first: 2, last: 5, seconds: 4 });
  assert.equal(f.writebackRescans, 161_843, 'whole folios, from the inactive list\'s fractional runs (trial13 #7)');
  assert.deepEqual(f.workerBusyPct, [20, 0]);
  assert.deepEqual(f.workerPages, [40_000, 0], 'worker 1\'s 10,000 pages at bin 8 are outside the window, as its busy time');
  assert.deepEqual(f.workerUsPerPage, [20, 0]);
  assert.deepEqual(f.workerReclaimMs, [5, 0], 'the whole replay\'s: CPU apart from compression');
  assert.deepEqual(f.workerFifoHighWater, [5, 3]);
});

// trial12 #4: "kswapd ran 61.8 % of a core, down from 81.1 %" under a table saying 73.8 → 55.2 % — the sentence's
// figures are over each scenario's own swap-out window, and it must say which.
test('the slower line names the swap-out windows its kswapd CPU figures are over', () => {
  const base = output();
  base.swapOut.fill(0, 0, 2); // today's swaps out over 2–10 s
  const kc = output();
  kc.kswapd.busyBins.fill(2e8);
  Object.assign(kc, {
    kcompressd: { queued: 10_000, fallback: 0, tasks: [{ busyBins: new Float64Array(10), cpuNs: 0 }], compressNs: [0], waitNs: 0, queuedNs: 0, policy: { variant: 'v1' } },
    totals: { ...kc.totals, nrWriteback: 0, nrImmediate: 0, kswapdThrottledNs: 0, writestalls: 0 },
  });
  const text = gainLimits(base, kc, 2, 0.3, undefined, 0.9).limitedBy.join('\n');
  assert.match(text, /kswapd ran 20 % of a core over kcompressd's own swap-out window \(0\.0–10\.0 s\), down from 50 % over today's \(2\.0–10\.0 s\)/);
  assert.match(text, /down from 50 % over today's \(2\.0–10\.0 s\): it shared the CPUs with the tasks; no worker ran on 2 CPUs/);
  // trial13 #4: the CPU the workers took is stated beside kswapd's loss.
  kc.kcompressd!.tasks[0].busyBins.fill(2.5e8);
  assert.match(gainLimits(base, kc, 2, 0.3, undefined, 0.9).limitedBy[0], /it shared the CPUs with the tasks and its worker; the workers ran 25 % of a core on 2 CPUs/);
});

// trial12 #8: "1 of 1 worker (the ones that ran)", "1 of 4 workers (the ones that ran)".
test('the workers kswapd shared the CPUs with are counted in words that agree', () => {
  assert.deepEqual([workersThatRan(1, 1), workersThatRan(4, 4), workersThatRan(1, 4), workersThatRan(2, 4), workersThatRan(0, 4)],
    [' and its worker', ' and all 4 workers', ' and 1 worker of 4 (the others never ran)', ' and 2 workers of 4 (the others never ran)', '']);
});

// The mechanism lines read the two scenarios' counters and say what they show, and nothing when they do not show it
// (trial13 #4: a ×1.55 on one CPU, a zram pool ×1.50 beside a ×1.10 steal rate, with no word why).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScenarioOutput } from '../model/simulation';
import { predictionMechanism, withMechanism } from './mechanism';

const MiB = 1 << 20;
const W = { first: 0, last: 9, seconds: 10 };

/** Ten 1-s bins: `steal` anon pages stolen and `out` swapped out per bin, kswapd busy `kswapdNs` per bin, workers
 *  `workerNs` each, the zram pool at `poolMiB` (orig) in the last bin. */
function scenario(o: { steal: number; out?: number; kswapdNs: number; workerNs?: number[]; poolMiB: number }): ScenarioOutput {
  const s = (f: (i: number) => number) => Float64Array.from({ length: 10 }, (_, i) => f(i));
  return {
    binNs: 1e9, bins: 10, durationNs: 10e9,
    pgstealAnon: s(() => o.steal), swapOut: s(() => o.out ?? o.steal),
    zramOrig: s((i) => ((i + 1) / 10) * o.poolMiB * MiB), zramMemUsed: s((i) => ((i + 1) / 10) * (o.poolMiB / 2) * MiB),
    kswapd: { busyBins: s(() => o.kswapdNs) }, tasks: { busyBins: s(() => 0) },
    ...(o.workerNs && { kcompressd: { tasks: o.workerNs.map((ns) => ({ busyBins: s(() => ns) })) } }),
  } as unknown as ScenarioOutput;
}

test('a gain at the same cost per page with more reclaim CPU is named CPU share, with the points taken from the other tasks', () => {
  // One CPU: kswapd 12 % today; with kcompressd kswapd 10 % + a worker 9.5 % and 1.6× the pages (same pages per CPU-s).
  const base = scenario({ steal: 12_000, kswapdNs: 1.2e8, poolMiB: 400 });
  const kc = scenario({ steal: 19_500, kswapdNs: 1e8, workerNs: [9.5e7, 0], poolMiB: 650 });
  const lines = predictionMechanism(base, kc, W, W, 1, 19_500 / 12_000);
  assert.match(lines[0], /^gain from CPU share: kswapd, the workers and the tasks' reclaim ran 19\.5 % of a core in all, against 12 % today \(\+7\.5 points on 1 CPU\), at the same cost per page \(100,000 → 100,000 pages stolen per reclaim CPU-second\)/);
  // The same gain bought by a cheaper page (kswapd no longer compresses) is not CPU share.
  const cheaper = scenario({ steal: 19_500, kswapdNs: 0.8e8, workerNs: [4e7, 0], poolMiB: 650 });
  assert.deepEqual(predictionMechanism(base, cheaper, W, W, 1, 19_500 / 12_000).filter((l) => l.startsWith('gain')), []);
});

test('a zram pool growing faster than the steal rate is explained by the counter that grew with it', () => {
  // Extra swap-outs: 10 % more pages swapped out, the pool (which keeps 20 % of them today) grows by the extra.
  const base = scenario({ steal: 10_000, kswapdNs: 3e8, poolMiB: 78.125 }); // 20,000 pages at the end of 100,000 swapped out
  const kc = scenario({ steal: 11_000, kswapdNs: 3e8, workerNs: [0], poolMiB: 117.1875 }); // 30,000 pages
  const more = predictionMechanism(base, kc, W, W, 2, 1.1);
  assert.equal(more.length, 1);
  assert.match(more[0], /^zram mem_used ×1\.50 against pgsteal_anon\/s ×1\.10: by the pool's peak kcompressd swapped out 10,000 more pages \(100,000 → 110,000\) and the pool grew by 10,000: .* \(today 20 % of it\)/);
  // Written but not freed (mm: the folios wait on the LRU for a later scan): swap-outs run ahead of pgsteal.
  const held = scenario({ steal: 7_000, out: 10_000, kswapdNs: 3e8, workerNs: [0], poolMiB: 117.1875 });
  assert.match(predictionMechanism(base, held, W, W, 2, 0.7)[0], /^zram mem_used ×1\.50 against pgsteal_anon\/s ×0\.70: by the pool's peak 30,000 pages were written to zram but their folios not yet freed \(today 0\)/);
  // A pool that grows with the rate says nothing.
  const same = scenario({ steal: 11_000, kswapdNs: 3e8, workerNs: [0], poolMiB: 85.9375 });
  assert.deepEqual(predictionMechanism(base, same, W, W, 2, 1.1), []);
});

test('the mechanism lines follow the slower line and precede the limits', () => {
  assert.deepEqual(withMechanism(['slower: x', 'CPUs: y'], ['m']), ['slower: x', 'm', 'CPUs: y']);
  assert.deepEqual(withMechanism(['CPUs: y'], ['m']), ['m', 'CPUs: y']);
  assert.deepEqual(withMechanism(['no bound applies: never engaged'], ['m']), ['no bound applies: never engaged']);
});

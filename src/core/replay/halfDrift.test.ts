// A held-out miss names what the device changed between the halves in what the first half's profile carries over,
// each measured on each half alone (Q_lz4_steady_slow: kswapd kept 37.7 % of its runnable time while loadavg's
// runnable tasks rose 10.2 → 12.1, so CFS's tasks per entity went 2.03 → 2.65 and the carried-over 2.03 gave it 30 %).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureFigures } from '../analysis/types';
import type { Capture, SnapshotSeries } from '../capture/types';
import { driftWhy, halfDrift } from './halfDrift';

const series = (times: number[], cols: Record<string, number[]>, counters = Object.keys(cols)): SnapshotSeries => ({
  source: 'cpu_stat.txt', times: Float64Array.from(times), columns: new Map(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  counters: new Set(counters), resets: [],
});

/** 2 CPUs, both busy; kswapd runnable throughout and on CPU half of it; loadavg's running count 10 for 0–3 s, then 14
 *  (8 then 12 besides the sampler and kswapd). */
function capture(): Capture {
  const t = [0, 1, 2, 3, 4, 5, 6];
  const busy = t.map((x) => x * 100);
  return {
    root: 'x', sources: [], warnings: [], clock: 'mono',
    cpuStat: series(t, { 'cpu0.busy': busy, 'cpu0.idle': t.map(() => 0), 'cpu1.busy': busy, 'cpu1.idle': t.map(() => 0),
      'loadavg.running': [10, 10, 10, 10, 14, 14, 14] }, ['cpu0.busy', 'cpu0.idle', 'cpu1.busy', 'cpu1.idle']),
    taskCpu: [{ source: 'k', comm: 'kswapd0', times: Float64Array.from(t), sumExecNs: Float64Array.from(t, (x) => x * 0.5e9), runDelayNs: Float64Array.from(t, (x) => x * 0.5e9) }],
  } as unknown as Capture;
}

test('the CFS part: the same share of its runnable time beside more runnable tasks is more tasks per entity', () => {
  const d = halfDrift(capture(), {} as CaptureFigures, { startS: 0, endS: 3 }, { startS: 3, endS: 6 });
  const { calibration: a, heldOut: b } = d.cfs!;
  // 2 / (others/g + 1) = 0.5 → g = others / 3: 8/3 on the first half, 12/3 on the second.
  assert.ok(Math.abs(a.g - 8 / 3) < 0.01 && Math.abs(b.g - 4) < 0.01, `g ${a.g} then ${b.g}`);
  assert.equal(a.share, 0.5);
  assert.equal(b.share, 0.5);
  assert.equal(d.perPage, undefined, 'no calibration given: no per-page costs to set beside');
  assert.equal(d.scanAnonShare, undefined, 'no vmstat: no LRU balance');
  assert.equal(driftWhy(d), 'each half fitted alone (the profile carries the first half\'s): kswapd ran 50.0 % then 50.0 % of the time it '
    + 'was runnable beside 8.0 then 12.0 other runnable tasks (loadavg): 2.67 then 4.00 tasks per CFS entity (which sessions the tasks '
    + 'belong to is not in the capture)');
});

test('per-page costs and the LRU balance on each half; nothing measured on both halves: no sentence', () => {
  const why = driftWhy({
    perPage: { calibration: { scanNs: 1334, writeNs: 18020 }, heldOut: { scanNs: 1134, writeNs: 15840 } },
    scanAnonShare: { calibration: 0.839, heldOut: 0.932 },
  });
  assert.equal(why, 'each half fitted alone (the profile carries the first half\'s): CPU per scanned page 1.33 then 1.13 µs (-15 %), '
    + 'per anon page written 18.02 then 15.84 µs (-12 %); anon share of the pages scanned 83.9 % then 93.2 %');
  assert.equal(driftWhy({}), undefined);
  // The slab shrinkers are named where they are a visible part of the reclaimer's time (K_lz4_steady_spinner: 64 % then 21 %).
  assert.equal(driftWhy({ slabShare: { calibration: 0.64, heldOut: 0.212 } }), 'each half fitted alone (the profile carries the first half\'s): '
    + 'the slab shrinkers (do_shrink_slab, not modelled: their time is in the per-scanned-page cost) took 64.0 % then 21.2 % of the reclaimer\'s reclaim samples');
  assert.equal(driftWhy({ slabShare: { calibration: 0.009, heldOut: 0.011 } }), undefined, 'Q\'s 1 %: not a part worth naming');
  const bare = { ...capture(), cpuStat: undefined } as unknown as Capture;
  assert.deepEqual(halfDrift(bare, {} as CaptureFigures, { startS: 0, endS: 3 }, { startS: 3, endS: 6 }), {});
});

test('only what changed between the halves is named; nothing changed: the halves\' inputs were the same (trial4 #9)', () => {
  // captures/lab/steady-mm-baseline: anon share 100.0 % on both halves, which explains nothing.
  const lab = driftWhy({ scanAnonShare: { calibration: 1, heldOut: 0.99996 } });
  assert.equal(lab, 'each half fitted alone (the profile carries the first half\'s): the halves\' inputs were the same '
    + '(the anon share of the pages scanned), so nothing they show explains the miss');
  const costs = driftWhy({
    perPage: { calibration: { scanNs: 1334, writeNs: 18020 }, heldOut: { scanNs: 1334.4, writeNs: 15840 } },
    scanAnonShare: { calibration: 0.839, heldOut: 0.8391 },
  });
  assert.equal(costs, 'each half fitted alone (the profile carries the first half\'s): per anon page written 18.02 then 15.84 µs (-12 %)');
  assert.doesNotMatch(costs ?? '', /scanned/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { computeWatermarks, saturateWorkload, workloadFromCapture } from './workload';

test('watermarks as __setup_per_zone_wmarks() computes them', () => {
  // 4 GiB: min_free_kbytes = √(4 Mi kB × 16) = 8192 kB → 2048 pages; tmp = max(512, 1048576 × 10 / 10000 = 1048).
  assert.deepEqual(computeWatermarks(1_048_576), { min: 2048, low: 3096, high: 4144 });
  // watermark_scale_factor 1700 and an explicit min_free_kbytes
  const w = computeWatermarks(1_000_000, 1700, 67584);
  assert.deepEqual(w, { min: 16896, low: 16896 + 170000, high: 16896 + 340000 });
  // the 256 MiB ceiling of min_free_kbytes
  assert.equal(computeWatermarks(2 ** 30).min, 262144 / 4);
});

test('demand: pages taken from the free pool plus what the device reclaimed, minus zram\'s own pages', () => {
  const cap = syntheticCapture({ seconds: 10, demandPagesPerS: 5000, memcgPagesPerS: 1000 });
  const w = workloadFromCapture(cap);
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(sum(w.globalDemand) - 50_000) < 1, `global ${sum(w.globalDemand)}`);
  assert.ok(Math.abs(sum(w.memcgDemand) - 10_000) < 1, `memcg ${sum(w.memcgDemand)}`);
  assert.equal(w.durationNs, 10e9);
  assert.equal(w.zeromap, true);
  assert.equal(w.anonReclaimable, 0.5);
  assert.deepEqual(w.watermarks, { min: 4000, low: 100_000, high: 120_000 });
});

test('saturate: an eater starting below low, as long as the capture (at most 30 s)', () => {
  const w = saturateWorkload(syntheticCapture({ seconds: 5, demandPagesPerS: 0 }));
  assert.equal(w.saturate, true);
  assert.equal(w.durationNs, 5e9);
  assert.ok(w.initialFreePages < w.watermarks.low);
  assert.equal(w.availability, 1);
});

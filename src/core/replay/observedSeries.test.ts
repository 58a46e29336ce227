import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolate, observedSeries } from './observedSeries';
import { syntheticCapture } from './testing/syntheticCapture';

test('interpolation is linear between samples and NaN outside them', () => {
  const t = Float64Array.from([1, 2, 4]);
  const v = Float64Array.from([10, 20, 0]);
  assert.equal(interpolate(t, v, 1.5), 15);
  assert.equal(interpolate(t, v, 3), 10);
  assert.equal(interpolate(t, v, 4), 0);
  assert.ok(Number.isNaN(interpolate(t, v, 0.5)));
  assert.ok(Number.isNaN(interpolate(t, v, 4.5)));
});

test('the capture\'s values land on the replay\'s bins; what it did not measure is absent, not zero', () => {
  const c = syntheticCapture({ seconds: 4, demandPagesPerS: 50_000, initialFreePages: 110_000 });
  const v = c.vmstat!;
  const originS = v.times[0];
  const o = observedSeries(c, { originS, binNs: 1e8, bins: 40 });
  assert.deepEqual(Object.keys(o).sort(), ['freePages', 'pgscanAnonPerS', 'pgstealAnonPerS']);
  const free = v.columns.get('nr_free_pages')!;
  const steal = v.columns.get('pgsteal_anon')!;
  for (const i of [0, 9, 25, 39]) {
    // Bin i ends at sample i + 1 (samples every 100 ms from the origin).
    assert.ok(Math.abs(o.freePages[i] - free[i + 1]) < 1e-6, `free pages at bin ${i}`);
    const rate = (steal[i + 1] - steal[i]) / (v.times[i + 1] - v.times[i]);
    assert.ok(Math.abs(o.pgstealAnonPerS[i] - rate) < 1e-3 * Math.max(1, rate), `pgsteal_anon/s at bin ${i}: ${o.pgstealAnonPerS[i]} vs ${rate}`);
  }
  assert.equal(o.kswapdCpuPct, undefined, 'no schedstat series and no trace: kswapd CPU not measured');
  assert.equal(o.zramMemUsedMiB, undefined);
  assert.ok(Number.isNaN(observedSeries(c, { originS, binNs: 1e8, bins: 60 }).freePages[55]), 'after the last sample: no value');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windowRates } from './rates';
import { mkSeries } from './testSeries';
import { reclaimWindow } from './window';
import { assertWarning } from '../testing/warnings';

test('window rates for the counters present, peak 1 s rates over the capture, missing edges warned', () => {
  const s = mkSeries([0, 0.5, 1, 1.5, 2, 2.5, 3], {
    pswpout: [0, 0, 10, 30, 40, 40, 40],
    pgsteal_anon: [0, 0, 20, 50, 60, 70, 90],
    pgscan_anon: [NaN, 0, 1, 2, 3, 4, 5],
  });
  const w = reclaimWindow(s)!;
  const r = windowRates(s, w);
  assert.deepEqual(r.rates, { pgscan_anon: 2, pgsteal_anon: 40, pswpout: 26.7 });
  assert.equal(r.peakRates.pswpout, 30);
  assert.equal(r.peakRates.pgsteal_anon, 50);
  assert.equal('pgscan_file' in r.rates, false);
  assert.equal(r.warnings.length, 0);
  const edge = windowRates(mkSeries([0, 1, 2], { pswpout: [0, 1, 2], pgscan_anon: [NaN, 1, 2] }), reclaimWindow(mkSeries([0, 1, 2], { pswpout: [0, 1, 2] })));
  assert.match(assertWarning(edge.warnings, 'analysis.rate-unavailable').message, /pgscan_anon unavailable/);
  assert.equal('pgscan_anon' in edge.rates, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCalibRows } from '../../../../test/fixtures/sharedCaptures';
import { MEASURED_CLASS_COSTS, PUBLIC_THROUGHPUTS } from './measuredCosts';

test('golden: the measured per-class figures are what calib_results.tsv gives', (t) => {
  const rows = readCalibRows();
  if (!rows) return t.skip('../shared/captures/calib/calib_results.tsv not found');
  for (const r of rows) {
    const algo = r.algo as 'lz4' | 'lzo-rle';
    const cls = r.class as keyof (typeof MEASURED_CLASS_COSTS)['lz4'];
    const m = MEASURED_CLASS_COSTS[algo][cls];
    assert.ok(m, `${algo}/${cls}`);
    const orig = Number(r.orig_data_size), compr = Number(r.compr_data_size), pswpout = Number(r.pswpout);
    if (m.ratio !== null) {
      assert.ok(Math.abs(orig / compr - m.ratio) < 0.001, `${algo}/${cls} ratio`);
      assert.ok(Math.abs(compr / (orig / 4096) - m.bytesPerPage!) < 0.1, `${algo}/${cls} bytes/page`);
      const us = (Number(r.perf_compress_samples) * Number(r.perf_period_ns)) / 1000 / pswpout;
      assert.ok(Math.abs(us - m.compressUsPerPage) < 0.01, `${algo}/${cls} µs/page ${us}`);
    } else {
      // zero/fill: nothing (or almost nothing) was compressed
      assert.ok(compr / (orig || 1) < 0.01 || Number(r.swpout_zero) > pswpout, `${algo}/${cls}`);
    }
  }
});

test('public throughputs convert to µs per 4 KiB page consistently', () => {
  for (const p of PUBLIC_THROUGHPUTS) {
    assert.ok(p.compressMBps[0] <= p.compressMBps[1]);
    assert.ok(Math.abs(p.usPerPage[0] - 4096 / p.compressMBps[1]) < 0.01);
    assert.ok(Math.abs(p.usPerPage[1] - 4096 / p.compressMBps[0]) < 0.01);
  }
});

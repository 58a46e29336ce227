import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkSeries } from './testSeries';
import { reclaimWindow } from './window';

const t = [0, 1, 2, 3, 4, 5, 6];

test('from the sample before pswpout+swpout_zero first rises to the last sample where it rises', () => {
  const w = reclaimWindow(mkSeries(t, { pswpout: [0, 0, 0, 5, 5, 9, 9], swpout_zero: [0, 0, 1, 1, 1, 1, 1], pgsteal_anon: [0, 9, 9, 9, 9, 9, 20] }));
  assert.deepEqual(w, { i0: 1, i1: 5, startS: 1, endS: 5, durationS: 4, basis: 'pswpout+swpout_zero' });
});

test('without swap-outs: pgsteal_anon, then pgsteal_kswapd + pgsteal_direct; none → null', () => {
  assert.equal(reclaimWindow(mkSeries(t, { pswpout: [0, 0, 0, 0, 0, 0, 0], pgsteal_anon: [0, 0, 4, 4, 8, 8, 8] }))?.basis, 'pgsteal_anon');
  const legacy = reclaimWindow(mkSeries(t, { pgsteal_kswapd: [0, 0, 0, 0, 1, 1, 1], pgsteal_direct: [0, 0, 0, 0, 0, 0, 0] }));
  assert.deepEqual([legacy?.startS, legacy?.endS, legacy?.basis], [3, 4, 'pgsteal_kswapd+pgsteal_direct']);
  assert.equal(reclaimWindow(mkSeries(t, { pswpout: [3, 3, 3, 3, 3, 3, 3] })), null);
});

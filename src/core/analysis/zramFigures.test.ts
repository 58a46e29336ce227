import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkSeries } from './testSeries';
import { reclaimWindow } from './window';
import { zeroShare, zramFigures } from './zramFigures';

const MiB = 1 << 20;

test('figures at the sample of largest orig_data_size; zero share over the window', () => {
  const mm = mkSeries([0, 1, 2], {
    orig_data_size: [0, 400 * 4096, 300 * 4096],
    compr_data_size: [0, 200 * 4096, 100],
    mem_used_total: [0, 3 * MiB, 9 * MiB],
    same_pages: [0, 20, 0],
    huge_pages: [0, 40, 0],
  });
  const vm = mkSeries([0, 1, 2], { pswpout: [0, 60, 80], swpout_zero: [0, 10, 20] });
  const f = zramFigures(mm, vm, reclaimWindow(vm));
  assert.deepEqual(f, { ratio: 2, memUsedMiB: 3, sameFraction: 0.05, hugeFraction: 0.1, zeroShare: 0.2 });
});

test('no compressed data gives null ratios, not Infinity; no zram and no swap gives null', () => {
  const mm = mkSeries([0], { orig_data_size: [0], compr_data_size: [0], mem_used_total: [0] });
  assert.deepEqual(zramFigures(mm, undefined, null), { ratio: null, memUsedMiB: 0, sameFraction: null, hugeFraction: null, zeroShare: null });
  assert.equal(zramFigures(undefined, undefined, null), null);
  const vm = mkSeries([0, 1], { pswpout: [0, 3], swpout_zero: [0, 1] });
  assert.equal(zeroShare(vm, reclaimWindow(vm)), 0.25);
  assert.equal(zramFigures(undefined, vm, reclaimWindow(vm))?.zeroShare, 0.25);
});

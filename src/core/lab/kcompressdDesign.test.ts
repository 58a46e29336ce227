// The kcompressd design a capture ran, from its thread names, and the variant a comparison with it predicts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { assertWarning, codesOf } from '../testing/warnings';
import { beforeRanKcompressd, kcompressdDesignOf, variantForAfter } from './kcompressdDesign';

const withThread = (comm: string): Capture => {
  const c = syntheticCapture({ seconds: 2, demandPagesPerS: 0 });
  c.taskCpu = [{ source: 'k.txt', comm, times: new Float64Array(0), sumExecNs: new Float64Array(0), runDelayNs: new Float64Array(0) }];
  return c;
};

test('kcompressd:0 is the v1 design, kcompressd0 the mm design, kswapd0 alone none', () => {
  assert.equal(kcompressdDesignOf(withThread('kcompressd:0'))?.variant, 'v1');
  assert.equal(kcompressdDesignOf(withThread('kcompressd0'))?.variant, 'mm');
  assert.equal(kcompressdDesignOf(withThread('kswapd0')), undefined);
});

test('the lab pair\'s after capture ran mm: predicted with mm when no --variant, a mismatch warning with --variant v1', async () => {
  const after = await loadCapture(join(__dirname, '..', '..', '..', 'captures', 'lab', 'steady-mm-kcompressd'));
  const d = variantForAfter(after, undefined);
  assert.equal(d.variant, 'mm');
  assertWarning(d.warnings, 'replay.variant-from-capture', { file: 'kcompressd_cpu_0.txt' });
  const v1 = variantForAfter(after, 'v1');
  assert.equal(v1.variant, 'v1');
  assert.match(assertWarning(v1.warnings, 'replay.variant-mismatch').message, /ran the mm design \(its kcompressd0 thread\)/);
  assert.deepEqual(codesOf(variantForAfter(after, 'mm').warnings), []);
  assert.deepEqual(variantForAfter(withThread('kswapd0'), undefined), { variant: 'v1', warnings: [] });
});

test('a capture that ran kcompressd replayed as the before: an error naming its thread; a kswapd-only capture none', () => {
  const w = beforeRanKcompressd(withThread('kcompressd0'));
  assert.equal(w?.code, 'replay.before-ran-kcompressd');
  assert.equal(w?.severity, 'error');
  assert.match(w!.message, /already ran kcompressd \(its kcompressd0 thread, the mm design\).*--measured-after/);
  assert.equal(beforeRanKcompressd(withThread('kswapd0')), undefined);
});

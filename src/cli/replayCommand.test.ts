import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeResult } from '../../test/fixtures/fakeResult';
import { formatSummary } from './replayCommand';

test('the text gives the deepest single worker FIFO against its size, not the sum over workers', () => {
  const r = fakeResult(10);
  r.kcompressd = { ...r.kcompressd, fifoHighWater: 4112, workerFifoHighWater: [4096, 16, 0, 0] };
  const s = formatSummary(r);
  assert.match(s, /deepest worker FIFO 4,096 of 4,096/);
  assert.doesNotMatch(s, /4,?112/);
  delete r.kcompressd.workerFifoHighWater;
  assert.match(formatSummary(r), /FIFO high water 4,112 summed over the workers/);
});

test('a --compress-share that does not run as given says why in one line', () => {
  const r = fakeResult(10);
  r.options = { ...r.options, compressShare: 0 };
  r.compressShare = 0.028;
  assert.match(formatSummary(r), /\n {2}--compress-share 0 runs as 0.028: the zram write keeps its zs_malloc store and same-filled page checks; only compression scales\n/);
  r.options.compressShare = 0.99;
  r.compressShare = 0.981;
  assert.match(formatSummary(r), /--compress-share 0.99 runs as 0.981: the per-page total is kept, and the rest of it \(scan, unmap, TLB flush\) is already 0/);
  r.options.compressShare = 0.55;
  r.compressShare = 0.55;
  assert.doesNotMatch(formatSummary(r), /--compress-share/, 'nothing to explain');
});

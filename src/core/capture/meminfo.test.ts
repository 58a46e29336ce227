import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMeminfo } from './meminfo';
import { tempFile } from './testing/tempFiles';

test('a single meminfo and a timestamped series; values as printed (kB)', async () => {
  const one = await parseMeminfo(tempFile('m', 'MemTotal:        3742148 kB\nMemFree:          225472 kB\nHugePages_Total:       0\n'));
  assert.deepEqual([...one.series.columns.get('MemTotal')!], [3742148]);
  assert.deepEqual([...one.series.columns.get('HugePages_Total')!], [0]);
  assert.equal(one.series.counters.size, 0);
  const series = await parseMeminfo(tempFile('m', '# t_mono=5.5 t_epoch=1700000000\nMemFree: 10 kB\n# t_mono=6.5 t_epoch=1700000001\nMemFree: 8 kB\nbogus\n'));
  assert.deepEqual([...series.series.times], [5.5, 6.5]);
  assert.deepEqual([...series.series.columns.get('MemFree')!], [10, 8]);
  assert.deepEqual(series.info.unparsedLines, [5]);
});

test('byte-path and string-path lines agree: kB or not, spaces before the colon, tabs; junk after the value is unparsed', async () => {
  const r = await parseMeminfo(tempFile('m', 'MemFree:   10 kB\nCached :\t20\nSwapFree:  +30 kB\nBuffers:  40 kB extra\nDirty: 50 MB\n'));
  assert.deepEqual(['MemFree', 'Cached', 'SwapFree'].map((k) => r.series.columns.get(k)![0]), [10, 20, 30]);
  assert.deepEqual([r.series.columns.has('Buffers'), r.series.columns.has('Dirty'), r.info.unparsedLines], [false, false, [4, 5]]);
});

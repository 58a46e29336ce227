import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { tempFile } from './testing/tempFiles';
import { parseNum } from './tokens';
import { parseZramStat, splitStampedRow } from './zramStat';

test('mm_stat series named by a # header', async () => {
  const r = await parseZramStat(tempFile('z', '# t_mono t_epoch orig_data_size compr_data_size mem_used_total mem_limit mem_used_max same_pages pages_compacted huge_pages huge_pages_since   (sizes in bytes)\n'
    + '1.5 1700000001.5 8192 100 4096 0 4096 1 0 0 0\n1.6 1700000001.6 16384 200 8192 0 8192 1 0 1 1\n'), 'zram-mm-stat');
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...r.series.times], [1.5, 1.6]);
  assert.deepEqual([...r.series.columns.get('orig_data_size')!], [8192, 16384]);
  assert.deepEqual([...r.series.columns.get('huge_pages')!], [0, 1]);
  assert.ok(r.series.counters.has('huge_pages_since') && !r.series.counters.has('orig_data_size'));
});

test('a single line, and an older kernel with fewer fields, by position', async () => {
  const one = await parseZramStat(tempFile('z', '    4096       64    20480        0    20480        0        0        0        0\n'), 'zram-mm-stat');
  assert.deepEqual([...one.series.columns.get('mem_used_total')!], [20480]);
  const old = await parseZramStat(tempFile('z', '12.5 8192 100 4096 0 4096 3 7\n'), 'zram-mm-stat');
  assert.deepEqual([...old.series.times], [12.5]);
  assert.deepEqual([...old.series.columns.get('pages_compacted')!], [7]);
  assert.equal(old.series.columns.has('huge_pages'), false);
});

test('io_stat series with epoch stamps', async () => {
  const r = await parseZramStat(tempFile('z', '1700000000.1 0 0 0 5\n1700000000.2 0 0 0 9\n'), 'zram-io-stat');
  assert.equal(r.clock, 'epoch');
  assert.deepEqual([...r.series.columns.get('notify_free')!], [5, 9]);
});

test('a sectioned dump: mm_stat section, stamp header, comp_algorithm; other sections are not errors', async () => {
  const r = await parseZramStat(tempFile('z', '# 1091.942826 1795632363.036268\n== mm_stat\n395321344 201414532 220409856 0 2317746176 631 51573 2812 168117\n'
    + '== io_stat\n 0 0 0 1676799\n== bd_stat\n== debug_stat\nversion: 1\n0 0\n== comp_algorithm\nlzo-rle lzo [lz4] \n== disksize\n8589934592\n'), 'zram-mm-stat');
  assert.equal(r.compAlgorithm, 'lz4');
  assert.deepEqual([...r.series.times], [1091.942826]);
  assert.deepEqual([...r.series.columns.get('same_pages')!], [631]);
  assert.equal(r.info.unparsed, 0);
});

test('non-numeric rows are counted, not stored', async () => {
  const r = await parseZramStat(tempFile('z', '4096 64 20480 0 20480 0 0 0 0\n4096 x 1 1 1 1 1 1 1\n'), 'zram-mm-stat');
  assert.equal(r.series.times.length, 1);
  assert.deepEqual(r.info.unparsedLines, [2]);
});

test('splitStampedRow: leading decimal tokens are stamps, the rest are fields (property)', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (stamps, ints) => {
    const lead = [123.456789, 1700000000.25].slice(0, stamps).map((v) => v.toFixed(6));
    const raw = [...lead, ...ints.map(String)];
    const { stamp, values } = splitStampedRow(raw.map((t) => parseNum(t)!), raw);
    assert.deepEqual(values, ints);
    assert.equal(stamp.mono !== undefined || stamp.epoch !== undefined, stamps > 0);
  }));
});

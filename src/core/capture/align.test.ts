import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignSeries, firstIncrease } from './align';
import { mkSeries } from '../analysis/testSeries';
import { assertWarning } from '../testing/warnings';

test('epoch series join the mono clock through t_epoch − t_mono; unstamped ones are pinned to the start with a warning', () => {
  const mono = { name: 'v', times: Float64Array.from([10, 11]), clock: 'mono' as const, epochMinusMono: 1000 };
  const wall = { name: 'o', times: Float64Array.from([1010.5, 1011.5]), clock: 'epoch' as const };
  const rel = { name: 'r', times: Float64Array.from([0, 1]), clock: 'relative' as const };
  const r = alignSeries([mono, wall, rel]);
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...wall.times], [10.5, 11.5]);
  assert.deepEqual([...rel.times], [10, 11]);
  assert.deepEqual(r.warnings.map((w) => [w.code, w.file]), [['align.untimed', 'r']]);
});

test('epoch without a mono/epoch pair is aligned on the first sample and said so; all-epoch stays epoch', () => {
  const mono = { name: 'v', times: Float64Array.from([10, 11]), clock: 'mono' as const };
  const wall = { name: 'o', times: Float64Array.from([5000, 5001]), clock: 'epoch' as const };
  const r = alignSeries([mono, wall]);
  assert.deepEqual([...wall.times], [10, 11]);
  assertWarning(r.warnings, 'align.wall-clock', { file: 'o' });
  assert.equal(alignSeries([{ name: 'o', times: Float64Array.from([5]), clock: 'epoch' }]).clock, 'epoch');
});

test('firstIncrease is the sample before the first rise of any key', () => {
  const s = mkSeries([0, 1, 2, 3], { a: [0, 0, 0, 1], b: [0, 0, 2, 2] });
  assert.equal(firstIncrease(s, ['a', 'b']), 1);
  assert.equal(firstIncrease(s, ['c']), undefined);
});

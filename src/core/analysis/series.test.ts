import assert from 'node:assert/strict';
import { test } from 'node:test';
import { column, counterDelta, counterRate, firstIndexAtOrAfter, minValue, nearestIndex, peakRate, samplePeriod } from './series';
import { mkSeries } from './testSeries';

const s = mkSeries([0, 0.5, 1, 1.5, 2, 2.5], { a: [0, 10, 20, 60, 60, 70], b: [1, 1, 1, 2, 2, 2], nr_x: [5, 3, NaN, 4, 9, 9] });

test('column sums composite keys, and is undefined when no part exists', () => {
  assert.deepEqual([...column(s, 'a+b')!], [1, 11, 21, 62, 62, 72]);
  assert.deepEqual([...column(s, 'a+zzz')!], [...column(s, 'a')!]);
  assert.equal(column(s, 'zzz+yyy'), undefined);
});

test('nearestIndex, counterDelta, counterRate (generic over keys)', () => {
  assert.equal(nearestIndex(s.times, 1.2), 2);
  assert.equal(nearestIndex(s.times, 1.3), 3);
  assert.equal(nearestIndex(s.times, -5), 0);
  assert.equal(nearestIndex(s.times, 99), 5);
  assert.equal(counterDelta(s, 'a', 1, 3), 50);
  assert.equal(counterRate(s, 'a', 0, 2.5), 28);
  assert.equal(counterRate(s, 'b', 0.4, 1.6), 1);
  assert.ok(Number.isNaN(counterRate(s, 'missing', 0, 1)));
  assert.ok(Number.isNaN(counterRate(s, 'a', 1, 1)));
});

test('peakRate uses sliding windows of round(1 s / period) samples', () => {
  assert.equal(samplePeriod(s), 0.5);
  assert.equal(peakRate(s, 'a', 1), 50);
  assert.equal(peakRate(s, 'a', 0.5), 80);
  assert.ok(Number.isNaN(peakRate(mkSeries([0], { a: [1] }), 'a')));
});

test('minValue skips missing samples', () => {
  assert.equal(minValue(s, 'nr_x'), 3);
  assert.ok(Number.isNaN(minValue(s, 'none')));
});

test('firstIndexAtOrAfter: the first sample at or after t, the last when all are before, 0 when empty', () => {
  const times = Float64Array.from([1, 2, 2, 5]);
  assert.equal(firstIndexAtOrAfter(times, 0), 0);
  assert.equal(firstIndexAtOrAfter(times, 2), 1);
  assert.equal(firstIndexAtOrAfter(times, 3), 3);
  assert.equal(firstIndexAtOrAfter(times, 9), 3);
  assert.equal(firstIndexAtOrAfter(new Float64Array(0), 1), 0);
});

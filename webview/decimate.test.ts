/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lowerBound, minMaxDecimate } from './decimate';

const ramp = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 0.01);

test('lowerBound finds the first index not below x', () => {
  const t = [0, 1, 1, 2, 5];
  assert.equal(lowerBound(t, -1), 0);
  assert.equal(lowerBound(t, 1), 1);
  assert.equal(lowerBound(t, 1.5), 3);
  assert.equal(lowerBound(t, 9), 5);
});

test('every bucket keeps its extremes, in time order, within the point budget', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 50, maxLength: 3000 }), fc.integer({ min: 5, max: 200 }), (ys, buckets) => {
    const t = ramp(ys.length);
    const y = Float64Array.from(ys);
    const t1 = t[t.length - 1];
    const pts = minMaxDecimate(t, y, 0, t1, buckets);
    assert.ok(pts.length <= 2 * buckets + 2);
    for (let i = 1; i < pts.length; i++) assert.ok(pts[i].x > pts[i - 1].x, 'strictly increasing x');
    // The global extremes are always kept.
    assert.ok(pts.some((p) => p.y === Math.max(...ys)));
    assert.ok(pts.some((p) => p.y === Math.min(...ys)));
    // Every kept point is a real sample.
    for (const p of pts) assert.equal(y[Math.round(p.x / 0.01)], p.y);
  }), { numRuns: 60 });
});

test('a zoomed range keeps one neighbour each side and drops the rest', () => {
  const t = Float64Array.from({ length: 1000 }, (_, i) => i);
  const y = Float64Array.from(t, (x) => Math.sin(x));
  const pts = minMaxDecimate(t, y, 200, 300, 10000);
  assert.equal(pts.length, 103); // samples 200..300 plus index 199 and 301
  assert.deepEqual([pts[0].x, pts[pts.length - 1].x], [199, 301]);
});

test('a spike of one sample among 200k survives decimation to 500 buckets', () => {
  const n = 200_000;
  const t = ramp(n);
  const y = new Float64Array(n);
  y[123_457] = 99;
  const pts = minMaxDecimate(t, y, 0, t[n - 1], 500);
  assert.ok(pts.length <= 1002);
  assert.ok(pts.some((p) => p.y === 99 && Math.abs(p.x - t[123_457]) < 1e-9));
});

test('NaN samples leave gaps, empty input or range gives no points', () => {
  const t = ramp(10);
  const y = Float64Array.from([1, NaN, 3, NaN, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(minMaxDecimate(t, y, 0, 1, 100).map((p) => p.y), [1, 3, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(minMaxDecimate([], [], 0, 1, 10), []);
  assert.deepEqual(minMaxDecimate(t, y, 1, 1, 10), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coveredShare, inside, overlapS } from './timeline';

const iv = { start: Float64Array.of(1, 4, 6), end: Float64Array.of(2, 5, 9) };

test('inside: [start, end) of ascending disjoint intervals, nothing outside them', () => {
  assert.deepEqual([0.5, 1, 1.5, 2, 3, 4, 8.9, 9, 10].map((t) => inside(iv, t)), [false, true, true, false, false, true, true, false, false]);
  assert.equal(inside(undefined, 1), false);
  assert.equal(inside({ start: new Float64Array(0), end: new Float64Array(0) }, 1), false);
});

test('coveredShare walks consecutive spans from its cursor and agrees with overlapS on each', () => {
  let k = 0;
  for (let a = 0; a < 10; a++) {
    const [share, next] = coveredShare(iv, a, a + 1, k);
    assert.ok(Math.abs(share - overlapS(iv, a, a + 1)) < 1e-12, `span ${a}–${a + 1}: ${share}`);
    assert.ok(next >= k, 'the cursor never goes back');
    k = next;
  }
  assert.equal(coveredShare(iv, 1.5, 4.5, 0)[0], 1 / 3, 'half of [1, 2] and half of [4, 5] over 3 s');
});

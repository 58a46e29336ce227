import { test } from 'node:test';
import assert from 'node:assert/strict';
import { f64, i32, IntervalBuilder } from './growable';

test('columns grow past their initial size and trim on copy', () => {
  const a = f64();
  const b = i32();
  for (let i = 0; i < 1000; i++) {
    a.push(i / 2);
    b.push(-i);
  }
  const fa = a.toArray();
  assert.deepEqual([fa.length, fa[999], b.toArray()[999], b.length], [1000, 499.5, -999, 1000]);
  const iv = new IntervalBuilder();
  iv.add(1, 2);
  iv.add(3, 5);
  const r = iv.build();
  assert.deepEqual([[...r.start], [...r.end], iv.length], [[1, 3], [2, 5], 2]);
});

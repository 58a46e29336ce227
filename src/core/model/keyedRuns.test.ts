import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedRuns } from './keyedRuns';

test('a push with the last run\'s key adds to it; the arrays grow past their first size and compact without losing a run', () => {
  const r = new KeyedRuns();
  r.push(1, 2.5);
  r.push(1, 0.5);
  assert.equal(r.length, 1);
  assert.equal(r.pages[0], 3);
  for (let i = 0; i < 5000; i++) r.push(i % 2, i + 1);
  assert.equal(r.length, 5001, 'the first push of key 0 starts a run');
  r.head = 4000;
  r.compact();
  assert.deepEqual([r.head, r.length, r.key[0], r.pages[0]], [0, 1001, 1, 4000]);
  r.head = 10;
  r.compact();
  assert.equal(r.head, 10, 'few consumed runs are kept until they are most of the arrays');
});

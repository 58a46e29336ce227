import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventQueue } from './eventQueue';

test('events run in (time, priority, insertion) order and the clock follows them', () => {
  const q = new EventQueue();
  const seen: string[] = [];
  q.at(20, 0, () => seen.push('t20'));
  q.at(10, 2, () => seen.push('t10p2'));
  q.at(10, 1, () => seen.push('t10p1-a'));
  q.at(10, 1, () => seen.push('t10p1-b'));
  q.at(5, 9, () => {
    seen.push(`t5@${q.now}`);
    q.after(5, 0, () => seen.push('t10p0-from-t5'));
  });
  q.runUntil(15);
  assert.deepEqual(seen, ['t5@5', 't10p0-from-t5', 't10p1-a', 't10p1-b', 't10p2']);
  assert.equal(q.now, 15);
  assert.equal(q.runUntil(100), false);
  assert.deepEqual(seen.at(-1), 't20');
});

test('times are integer nanoseconds and never in the past', () => {
  const q = new EventQueue();
  let at = -1;
  q.runUntil(50);
  q.at(10.6, 0, () => { at = q.now; });
  q.runUntil(60);
  assert.equal(at, 50);
  q.at(70.4, 0, () => { at = q.now; });
  q.runUntil(80);
  assert.equal(at, 70);
});

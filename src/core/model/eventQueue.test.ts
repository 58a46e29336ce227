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

test('thousands of events (past the initial slots, some scheduled from handlers) run in (time, priority, insertion) order', () => {
  const q = new EventQueue();
  const want: [number, number, number][] = [];
  const ran: number[] = [];
  let id = 0;
  let x = 12345;
  const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
  const add = (t: number, p: number) => {
    const me = id++;
    want.push([t, p, me]);
    q.atWith2(t, p, (a: number, b: string) => {
      assert.equal(b, `e${a}`);
      ran.push(a);
      if (a % 7 === 0 && q.now < 900) add(q.now + 1 + rand(50), rand(3)); // later events scheduled while running
    }, me, `e${me}`);
  };
  for (let i = 0; i < 3000; i++) add(rand(1000), rand(3));
  q.runUntil(2000);
  want.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  assert.equal(ran.length, want.length);
  assert.deepEqual(ran, want.map((w) => w[2]));
  assert.equal(q.size, 0);
});

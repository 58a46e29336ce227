import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dispatcher } from './dispatcher';
import { feed, ftraceLine as L } from './testFeed';
import { key } from './fields';

const keyN = key('n');

test('counts every event, routes handled ones, and reports joins in time to trackers', () => {
  const d = new Dispatcher();
  const seen: number[] = [];
  const jumps: number[] = [];
  d.add({ discontinuity: (last) => jumps.push(last) }, { a_event: (line, f) => seen.push(line.ts + f.int(keyN)) });
  feed(d, [L('x', 1, 0, 5, 'a_event', 'n=1'), L('x', 1, 3, 6, 'b_event', ''), L('x', 1, 1, 2, 'a_event', 'n=10'), L('x', 1, 1, 3, 'b_event', '')]);
  assert.deepEqual(seen, [6, 12]);
  assert.deepEqual(jumps, [6]);
  assert.deepEqual([d.counter.counts(), d.firstTs, d.lastTs, d.maxTs, d.segmentStart, d.maxCpu, d.backwardJumps], [{ a_event: 2, b_event: 2 }, 5, 3, 6, 2, 3, 1]);
});

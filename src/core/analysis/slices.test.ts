import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sliceStats } from './slices';
import { intervals } from './testSeries';

test('count, total ms, p50 and p99 µs as sorted[floor(n·q)]', () => {
  const durations = Array.from({ length: 200 }, (_, i) => (i + 1) * 1e-6);
  const iv = intervals(durations.map((d, i) => [i, i + d]));
  const s = sliceStats({ ...iv, pid: new Int32Array(200), nrReclaimed: new Float64Array(200), comms: new Map() });
  assert.equal(s.count, 200);
  assert.equal(s.totalMs, 20.1);
  assert.equal(s.p50Us, 101);
  assert.equal(s.p99Us, 199);
  assert.deepEqual(sliceStats(undefined), { count: 0, totalMs: 0, p50Us: 0, p99Us: 0 });
});

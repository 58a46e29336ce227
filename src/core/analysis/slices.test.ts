import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sliceStats } from './slices';
import { intervals } from './testSeries';

test('count, total ms (µs precision), p50 and p99 µs as sorted[floor(n·q)], pages reclaimed', () => {
  const durations = Array.from({ length: 200 }, (_, i) => (i + 1) * 1e-6);
  const iv = intervals(durations.map((d, i) => [i, i + d]));
  const s = sliceStats({ ...iv, pid: new Int32Array(200), nrReclaimed: new Float64Array(200).fill(3), comms: new Map() });
  assert.equal(s.count, 200);
  assert.equal(s.totalMs, 20.1);
  assert.equal(s.reclaimedPages, 600);
  assert.equal(s.p50Us, 101);
  assert.equal(s.p99Us, 199);
  assert.deepEqual(sliceStats(undefined), { count: 0, totalMs: 0, p50Us: 0, p99Us: 0, reclaimedPages: null });
  const short = intervals([[0, 97e-6], [1, 1 + 4876e-6]]);
  const t = sliceStats({ ...short, pid: new Int32Array(2), nrReclaimed: Float64Array.of(NaN, 209), comms: new Map() });
  assert.equal(t.totalMs, 4.973, 'µs precision, not rounded to 0.1 ms');
  assert.equal(t.reclaimedPages, 209, 'slices without nr_reclaimed add nothing');
  const none = sliceStats({ ...short, pid: new Int32Array(2), nrReclaimed: Float64Array.of(NaN, NaN), comms: new Map() });
  assert.equal(none.reclaimedPages, null, 'unknown, not 0');
});

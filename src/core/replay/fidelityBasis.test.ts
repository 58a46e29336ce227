// The kswapd CPU row's basis: an input when kswapd used all the CPU the capture's availability gave it, over the
// span or over its own awake time; a prediction otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kswapdCpuPinned } from './fidelity';

const S = 1e9;

test('kswapd busy for the availability over the whole span: its CPU is the input', () => {
  assert.equal(kswapdCpuPinned(0.5 * 10 * S, 10 * S, 10 * S, 0.5).pinned, true);
});

test('kswapd asleep half the span but CPU-bound while awake: still the input (× the predicted awake time)', () => {
  const r = kswapdCpuPinned(0.5 * 4 * S, 4 * S, 10 * S, 0.5);
  assert.equal(r.pinned, true);
  assert.match(r.why!, /awake time \(4\.0 s\)/);
});

test('kswapd below its share while awake, or given a whole core: a prediction', () => {
  assert.equal(kswapdCpuPinned(0.3 * 4 * S, 4 * S, 10 * S, 0.5).pinned, false);
  assert.equal(kswapdCpuPinned(10 * S, 10 * S, 10 * S, 1).pinned, false);
  assert.equal(kswapdCpuPinned(0, 0, 10 * S, 0.5).pinned, false);
});

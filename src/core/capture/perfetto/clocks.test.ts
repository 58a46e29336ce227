import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOCK, ClockSnapshots } from './clocks';

test('BOOTTIME goes to MONOTONIC by the latest snapshot at or before the time (the first before any)', () => {
  const c = new ClockSnapshots();
  c.add([{ clock_id: CLOCK.BOOTTIME, timestamp: 107e9 }, { clock_id: CLOCK.MONOTONIC, timestamp: 100e9 }]);
  // The device slept 3 s between the two snapshots: BOOTTIME gained on MONOTONIC.
  c.add([{ clock_id: CLOCK.BOOTTIME, timestamp: 120e9 }, { clock_id: CLOCK.MONOTONIC, timestamp: 110e9 }]);
  assert.equal(c.toMono(CLOCK.BOOTTIME, 105e9), 98e9);
  assert.equal(c.toMono(CLOCK.BOOTTIME, 108e9), 101e9);
  assert.equal(c.toMono(CLOCK.BOOTTIME, 121e9), 111e9);
  assert.equal(c.toMono(CLOCK.MONOTONIC, 5), 5);
  assert.equal(c.toMono(CLOCK.MONOTONIC_RAW, 5), undefined);
});

test('a snapshot without MONOTONIC relates nothing; one out of order takes its place', () => {
  const c = new ClockSnapshots();
  c.add([{ clock_id: CLOCK.BOOTTIME, timestamp: 1 }, { clock_id: CLOCK.REALTIME, timestamp: 2 }]);
  assert.equal(c.toMono(CLOCK.BOOTTIME, 1), undefined);
  c.add([{ clock_id: CLOCK.BOOTTIME, timestamp: 50 }, { clock_id: CLOCK.MONOTONIC, timestamp: 40 }]);
  c.add([{ clock_id: CLOCK.BOOTTIME, timestamp: 20 }, { clock_id: CLOCK.MONOTONIC, timestamp: 15 }]);
  assert.deepEqual([c.toMono(CLOCK.BOOTTIME, 30), c.toMono(CLOCK.BOOTTIME, 60)], [25, 50]);
});

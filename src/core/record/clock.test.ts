import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { monoSeconds, stamp } from './clock';

test('t_mono is CLOCK_MONOTONIC: it matches the kernel\'s `now at` in /proc/timer_list', (t) => {
  try {
    fs.readFileSync('/proc/timer_list', 'utf8');
  } catch {
    t.skip('/proc/timer_list is not readable here (needs Linux and root)');
    return;
  }
  const before = monoSeconds();
  const now = Number(/^now at (\d+) nsecs/m.exec(fs.readFileSync('/proc/timer_list', 'utf8'))![1]) / 1e9;
  const after = monoSeconds();
  assert.ok(now >= before - 0.001 && now <= after + 0.001, `timer_list ${now} not within [${before}, ${after}]`);
});

test('stamp gives 6-decimal mono and epoch seconds, epoch near Date.now()', () => {
  const s = stamp();
  assert.match(s.mono, /^\d+\.\d{6}$/);
  assert.match(s.epoch, /^\d+\.\d{6}$/);
  assert.ok(Math.abs(Number(s.epoch) * 1000 - Date.now()) < 1000);
});

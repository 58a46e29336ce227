import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PipeDrainer, reclaimFilters } from './traceInstance';

test('filters select kswapd, kcompressd and the workload on both sides of a switch', () => {
  const f = reclaimFilters(['rr-stress']);
  for (const g of ['kswapd*', 'kcompressd*', 'rr-stress']) {
    assert.ok(f.sched_switch.includes(`prev_comm ~ "${g}"`) && f.sched_switch.includes(`next_comm ~ "${g}"`), g);
    assert.ok(f.sched_wakeup.includes(`comm ~ "${g}"`), g);
  }
  assert.equal(f.sched_switch.split(' || ').length, 6);
});

test('the drainer reads a pipe without blocking: data when there is some, nothing (EAGAIN) when empty', (t) => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-pipe-'));
  t.after(() => fs.rmSync(dir, { recursive: true }));
  const fifo = join(dir, 'trace_pipe');
  if (spawnSync('mkfifo', [fifo]).status !== 0) {
    t.skip('mkfifo not available');
    return;
  }
  // O_RDWR keeps a writer open without blocking, as the kernel side of trace_pipe always is.
  const writer = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  t.after(() => fs.closeSync(writer));
  const chunks: string[] = [];
  const d = new PipeDrainer(fifo, (c) => chunks.push(c.toString()), 1000);
  d.drain(); // empty pipe with a writer: EAGAIN, must return at once
  assert.deepEqual(chunks, []);
  fs.writeSync(writer, 'line 1\nline 2\n');
  d.drain();
  fs.writeSync(writer, 'line 3\n');
  d.stop(); // final drain
  assert.equal(chunks.join(''), 'line 1\nline 2\nline 3\n');
  assert.equal(d.bytes, 21);
});

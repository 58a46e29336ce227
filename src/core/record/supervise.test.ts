import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { monoSeconds } from './clock';
import { supervise } from './supervise';

const sleeper = [process.execPath, '-e', 'console.log("hello"); setTimeout(() => {}, 20000)'];

test('low MemFree kills the workload and releases memory', async () => {
  let released = 0;
  let free = 9000;
  setTimeout(() => (free = 100), 150);
  const r = await supervise({
    command: sleeper, abortMiB: 2800, memFreeMiB: () => free, onLowMemory: () => released++,
    signal: new AbortController().signal, log: () => {}, pollMs: 20,
  });
  assert.equal(r.lowMemory, true);
  assert.equal(r.signal, 'SIGKILL');
  assert.equal(released, 1);
  assert.equal(r.minMemFreeMiB, 100);
});

test('the workload is stopped when the capture ends and its stdout is kept', async (t) => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-sup-'));
  t.after(() => fs.rmSync(dir, { recursive: true }));
  const r = await supervise({
    command: sleeper, stdoutPath: join(dir, 'w.log'), abortMiB: 2800, memFreeMiB: () => 9000, onLowMemory: () => assert.fail('not low'),
    signal: new AbortController().signal, stopAtMono: monoSeconds() + 2, // room for node to start on a busy machine
    log: () => {}, pollMs: 20,
  });
  assert.equal(r.signal, 'SIGTERM');
  assert.equal(r.lowMemory, false);
  assert.equal(fs.readFileSync(join(dir, 'w.log'), 'utf8'), 'hello\n');
});

test('an abort that already happened stops the workload at once', async () => {
  const ac = new AbortController();
  ac.abort();
  const t0 = Date.now();
  const r = await supervise({ command: sleeper, abortMiB: 1, memFreeMiB: () => 9000, onLowMemory: () => {}, signal: ac.signal, log: () => {} });
  assert.equal(r.signal, 'SIGTERM');
  assert.ok(Date.now() - t0 < 5000);
});

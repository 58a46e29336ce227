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

test('a watch that cannot read MemFree kills the workload and releases memory, and a failing release is only logged', async () => {
  const said: string[] = [];
  const r = await supervise({
    command: sleeper, abortMiB: 2800, memFreeMiB: () => { throw new Error('EIO'); },
    onLowMemory: () => { throw new Error('EBUSY'); },
    signal: new AbortController().signal, log: (m) => said.push(m), pollMs: 20,
  });
  assert.equal(r.lowMemory, true);
  assert.equal(r.signal, 'SIGKILL');
  assert.ok(said.includes('cannot read MemFree: EIO'));
  assert.ok(said.includes('releasing memory failed: EBUSY'));
});

test('a stop reaches the whole process group of the workload', async (t) => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-sup-'));
  t.after(() => fs.rmSync(dir, { recursive: true }));
  // The workload starts a grandchild that writes its pid, then both sleep; SIGTERM must end the grandchild too.
  const pidFile = join(dir, 'pid');
  const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 20000)'], { stdio: 'ignore' }); setTimeout(() => {}, 20000);`;
  const ac = new AbortController();
  const waitPid = setInterval(() => {
    if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8')) ac.abort();
  }, 20);
  await supervise({ command: [process.execPath, '-e', script], abortMiB: 1, memFreeMiB: () => 9000, onLowMemory: () => {}, signal: ac.signal, log: () => {}, pollMs: 20 });
  clearInterval(waitPid);
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(), false);
});

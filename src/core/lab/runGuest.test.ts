import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeRun } from './runGuest';

const ok = { done: true, failed: false, timedOut: false, console: '', dmesg: '', workloadLog: '1.0 done apps=1 killed=0\n' };

test('a run that finished with no OOM is completed', () => {
  assert.equal(judgeRun(ok).outcome, 'completed');
});

test('OOM kills in dmesg or killed apps make the run an OOM, with the first OOM line', () => {
  const r = judgeRun({ ...ok, dmesg: '[ 9.1] rr-stress invoked oom-killer: gfp_mask=0x140dca\n[ 9.2] Out of memory: Killed process 80 (rr-stress)\n',
    workloadLog: '9.3 app killed by signal 9\n9.9 done apps=2 killed=1\n' });
  assert.equal(r.outcome, 'oom');
  assert.match(r.detail, /2 OOM lines in dmesg; 1 workload apps killed; first: .*invoked oom-killer/);
});

test('no done marker or a QEMU deadline is a hang, with the panic line when the console has one', () => {
  assert.equal(judgeRun({ ...ok, done: false }).outcome, 'hang');
  const r = judgeRun({ ...ok, done: false, timedOut: true, console: 'x\nKernel panic - not syncing: Out of memory\n' });
  assert.equal(r.outcome, 'hang');
  assert.match(r.detail, /deadline.*Kernel panic - not syncing/);
  assert.equal(judgeRun({ ...ok, failed: true }).outcome, 'failed');
});

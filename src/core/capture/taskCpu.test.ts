import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTaskCpu } from './taskCpu';
import { tempFile } from './testing/tempFiles';
import { assertWarning } from '../testing/warnings';

test('a named series: times, sum_exec_runtime, run_delay, comm from the header', async () => {
  const r = await parseTaskCpu(tempFile('k.txt', '# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices   (kswapd0 pid 45; USER_HZ)\n'
    + '1.0 1700000001.0 0 10 5000 7 1\n1.1 1700000001.1 0 11 6000 9 2\n'));
  assert.equal(r.task.comm, 'kswapd0');
  assert.deepEqual([...r.task.times], [1, 1.1]);
  assert.deepEqual([...r.task.sumExecNs], [5000, 6000]);
  assert.deepEqual([...r.task.runDelayNs], [7, 9]);
  assert.equal(r.clock, 'mono');
});

test('positional rows without a header; comm falls back to the file name', async () => {
  const r = await parseTaskCpu(tempFile('kswapd_cpu.txt', '2.0 1700000002.0 0 1 100 2 3\n'));
  assert.equal(r.task.comm, 'kswapd_cpu');
  assert.deepEqual([...r.task.sumExecNs], [100]);
});

test('a /proc/PID/stat + schedstat snapshot', async () => {
  const r = await parseTaskCpu(tempFile('s', '# 1091.937606 1795632363.031048 (pid 45)\n45 (kswapd0) S 2 0 0 0 -1 2230336 0 0 0 0 0 9559 0 0 20 0 1 0 51\n95593429147 26736974673 21516\n'));
  assert.equal(r.task.comm, 'kswapd0');
  assert.deepEqual([...r.task.times], [1091.937606]);
  assert.deepEqual([...r.task.sumExecNs], [95593429147]);
  assert.equal(r.info.unparsed, 0);
});

test('a row cut mid-number or running faster than wall time is rejected with a warning at its line', async () => {
  const p = tempFile('kswapd_cpu.txt', [
    '# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices   (kswapd pid 45)',
    '100.0 1700000100.0 0 4666 46666838390 13669396587 11003',
    '101.0 1700000101.0 0 4766 46766838390 13669396587 11103',
    '102.0 1700000102.0 0 4766 4676',
    '103.0 1700000103.0 0 4766 99766838390 13669396587 11103',
    '104.0 1700000104.0 0 4866 46866838390 13669396587 11203',
  ].join('\n'));
  const r = await parseTaskCpu(p);
  assert.deepEqual([...r.task.times], [100, 101, 104]);
  assert.match(assertWarning(r.warnings, 'task-cpu.damaged-row', { file: 'kswapd_cpu.txt', line: 4 }).message, /^2 damaged/);
});

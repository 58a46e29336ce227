import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNs } from './clock';
import { cfsRqLines, cpuStatLines, kswapdLine, seriesLine, snapshotBlock } from './formats';

const s = { mono: '12.000100', epoch: '1700000000.500000' };

test('kswapd line takes utime/stime after the comm even when the comm has spaces and parentheses', () => {
  const stat = '45 (kswapd 0) x) S 2 0 0 0 -1 2129984 0 0 0 0 7 1234 0 0 20 0 1 0 10 0 0';
  assert.equal(kswapdLine(s, stat, '999 88 7\n'), '12.000100 1700000000.500000 7 1234 999 88 7\n');
});

test('series line puts the stat fields after the stamps on one line', () => {
  assert.equal(seriesLine(s, '  1  2\n'), '12.000100 1700000000.500000 1  2\n');
  assert.equal(seriesLine(s, 'a 1\nb 2\n'), '12.000100 1700000000.500000 a 1 b 2\n');
});

test('snapshot block is a header then the file, newline-terminated', () => {
  assert.equal(snapshotBlock(s, 'a 1\nb 2'), '# t_mono=12.000100 t_epoch=1700000000.500000\na 1\nb 2\n');
  assert.equal(snapshotBlock(s, 'a 1\n'), '# t_mono=12.000100 t_epoch=1700000000.500000\na 1\n');
});

test('nanoseconds format as seconds with 6 decimals, truncated', () => {
  assert.equal(formatNs(409513435758n), '409.513435');
  assert.equal(formatNs(5_000_001_999n), '5.000001');
  assert.equal(formatNs(0n), '0.000000');
});

test('cpu_stat lines: every cpu* line of /proc/stat and loadavg, each after the stamps; other /proc/stat lines left out', () => {
  const stat = 'cpu  53125 408 28438 116054 951 0 254 538 0 0\ncpu0 24553 267 13720 60908 162 0 54 259 0 0\nintr 123 4\nctxt 99\n';
  assert.equal(cpuStatLines(s, stat, '0.84 1.70 1.14 6/229 21619\n'),
    '12.000100 1700000000.500000 cpu  53125 408 28438 116054 951 0 254 538 0 0\n'
    + '12.000100 1700000000.500000 cpu0 24553 267 13720 60908 162 0 54 259 0 0\n'
    + '12.000100 1700000000.500000 loadavg 0.84 1.70 1.14 6/229 21619\n');
});

test('cfs_rq lines: each CPU\'s root cfs_rq (queued entities, weight) with the recorder\'s own group entity while queued, then kswapd\'s state and CPU', () => {
  const debug = [
    'cpu#0, 2596.124 MHz', '  .nr_running                    : 5', '',
    'cfs_rq[0]:/autogroup-7', '  .nr_queued                     : 1', '  .load                          : 112640', '  .se->load.weight               : 952081', '',
    'cfs_rq[0]:/', '  .nr_queued                     : 3', '  .h_nr_queued                   : 4', '  .load                          : 2606721', '',
    'cfs_rq[1]:/autogroup-7', '  .nr_queued                     : 0', '  .se->load.weight               : 2', '',
    'cfs_rq[1]:/', '  .nr_queued                     : 1', '  .load                          : 1048576', '',
    'rt_rq[0]:', '  .rt_nr_running                 : 0', '',
  ].join('\n');
  const stat = '45 (kswapd0) R 2 0 0 0 -1 2129984 0 0 0 0 3 77 0 0 20 0 1 0 10 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 0';
  assert.equal(cfsRqLines(s, debug, '/autogroup-7', stat),
    '12.000100 1700000000.500000 cpu0 3 2606721 952081\n'
    + '12.000100 1700000000.500000 cpu1 1 1048576 0\n'
    + '12.000100 1700000000.500000 kswapd R 1\n');
  // Kernels before 6.13 name the count nr_running; no root block gives no line at all.
  assert.equal(cfsRqLines(s, 'cfs_rq[0]:/\n  .nr_running : 2\n  .load : 2097152\n', undefined), '12.000100 1700000000.500000 cpu0 2 2097152 0\n');
  assert.equal(cfsRqLines(s, 'Sched Debug Version: v0.11\n', undefined, stat), '');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warning } from '../core/warnings';
import { groupWarnings, warningSummary } from './warningGroups';

const DEMO = [
  warning('capture.ignored-file', 'not a capture file', 'captures/demo/capture.log'),
  warning('capture.ignored-file', 'not a capture file', 'captures/demo/ftrace_stats.txt'),
  warning('capture.ignored-file', 'not a capture file (binary)', 'captures/demo/workload.bin'),
  warning('capture.other-source', 'meminfo: using captures/demo/meminfo_snapshots.txt (35 samples); also found captures/demo/meminfo_before.txt'),
  warning('task-cpu.damaged-row', '3 damaged task CPU row(s) rejected (short row)', 'captures/demo/kswapd_cpu.txt', 186),
  warning('series.counter-reset', 'counter pswpout went backwards 1×', 'captures/demo/vmstat.txt'),
  warning('task-cpu.damaged-row', '1 damaged task CPU row(s) rejected (short row)', 'captures/demo/kcompressd_cpu.txt', 7),
];

test('warnings group by code, errors first; ignored files collapse to one line per reason', () => {
  const g = groupWarnings(DEMO);
  assert.deepEqual(g.map((x) => [x.code, x.severity, x.count]), [
    ['series.counter-reset', 'error', 1], ['task-cpu.damaged-row', 'warning', 2], ['capture.ignored-file', 'info', 3], ['capture.other-source', 'info', 1]]);
  assert.deepEqual(g[1].lines, ['captures/demo/kswapd_cpu.txt:186: 3 damaged task CPU row(s) rejected (short row)',
    'captures/demo/kcompressd_cpu.txt:7: 1 damaged task CPU row(s) rejected (short row)']);
  assert.deepEqual(g[2].lines, ['captures/demo: capture.log, ftrace_stats.txt (not a capture file)', 'captures/demo: workload.bin (not a capture file (binary))']);
  assert.equal(warningSummary(g), '1 error, 2 warnings, 4 notes');
});

// trial12 #9: the panel summed 23 notes as '23 warnings: 23 notes'.
test('a summary of notes only counts no warning', () => {
  assert.equal(warningSummary(groupWarnings(DEMO.filter((w) => w.severity === 'info'))), '4 notes');
});

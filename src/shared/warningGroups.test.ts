import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupWarnings, warningSummary } from './warningGroups';

const DEMO = [
  'captures/demo/capture.log: ignored: not a capture file',
  'captures/demo/ftrace_stats.txt: ignored: not a capture file',
  'captures/demo/workload.log: ignored: not a capture file',
  'meminfo: using captures/demo/meminfo_snapshots.txt (35 samples); also found captures/demo/meminfo_before.txt',
  'captures/demo/kswapd_cpu.txt:186: 3 damaged task CPU row(s) rejected (short row)',
  'something new',
];

test('ignored files collapse to one line; other kinds keep a line each with a count', () => {
  const g = groupWarnings(DEMO);
  assert.deepEqual(g.map((x) => [x.kind, x.count]), [['ignored files', 3], ['other files of a kind already read', 1], ['damaged rows or lines', 1], ['other', 1]]);
  assert.deepEqual(g[0].lines, ['capture.log, ftrace_stats.txt, workload.log (not a capture file)']);
  assert.equal(warningSummary(g), '6 warnings: 3 ignored files, 1 other files of a kind already read, 1 damaged rows or lines, 1 other');
});

test('typed warnings group by their code and keep file:line', () => {
  const g = groupWarnings([{ code: 'trace-lost', message: 'LOST 12 events', file: 't.txt', line: 9 }, { code: 'trace-lost', message: 'LOST 3 events', file: 't.txt', line: 40 }]);
  assert.equal(g.length, 1);
  assert.equal(g[0].count, 2);
  assert.deepEqual(g[0].lines, ['t.txt:9: LOST 12 events', 't.txt:40: LOST 3 events']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warning } from '../core/warnings';
import { warningBlock, warningLines } from './warningGroups';

test('the first few warnings are shown grouped by file with line, severity and code; the rest counted', () => {
  const w = [
    warning('series.repeated-key', 'repeated key', 'cap/vmstat.txt', 8),
    warning('ftrace.lost-events', 'the kernel dropped 5 events', 'cap/ftrace.txt', 3),
    warning('series.duplicate-sample', 'repeated time', 'cap/vmstat.txt', 9),
    warning('analysis.no-vmstat', 'no /proc/vmstat series'),
    warning('series.out-of-order', 'sorted', 'cap/vmstat.txt', 10),
  ];
  assert.deepEqual(warningLines(w, 4), [
    '  cap/vmstat.txt', '    line 8: repeated key [series.repeated-key]', '    line 9: repeated time [series.duplicate-sample]',
    '  cap/ftrace.txt', '    line 3: the kernel dropped 5 events [ftrace.lost-events]',
    '  capture', '    error: no /proc/vmstat series [analysis.no-vmstat]',
    '  … 1 more (see --json)',
  ]);
  assert.deepEqual(warningBlock([]), []);
  assert.equal(warningBlock(w)[1], 'Warnings (5)');
});

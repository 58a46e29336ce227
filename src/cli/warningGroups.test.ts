import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warningLines } from './warningGroups';

test('warnings are grouped by the file they name, the first few shown and the rest counted', () => {
  const w = ['cap/vmstat.txt:8: repeated key', 'cap/vmstat.txt:9: repeated key', 'cap/vmstat.txt:10: x', 'cap/vmstat.txt:11: y',
    'cap/ftrace.txt: the kernel dropped 5 events', 'no /proc/vmstat series: no reclaim window or rates'];
  assert.deepEqual(warningLines(w), [
    '  cap/vmstat.txt (4)', '    line 8: repeated key', '    line 9: repeated key', '    line 10: x', '    … 1 more (--json lists all)',
    '  cap/ftrace.txt', '    the kernel dropped 5 events',
    '  capture', '    no /proc/vmstat series: no reclaim window or rates',
  ]);
});

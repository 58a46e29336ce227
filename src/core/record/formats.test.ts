import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNs } from './clock';
import { cpuStatLines, kswapdLine, seriesLine, snapshotBlock } from './formats';

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

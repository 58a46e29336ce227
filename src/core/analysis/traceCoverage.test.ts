// A trace that stops or starts inside the reclaim window: a located warning and the covered span.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceSummary } from '../capture/types';
import { assertWarning, codesOf } from '../testing/warnings';
import { traceCoverage, traceCoverageWarnings } from './traceCoverage';

const trace = (firstTs: number, lastTs: number) => ({ source: 't.txt', firstTs, lastTs, firstLine: 12, lastLine: 900 }) as TraceSummary;
const w = { startS: 20, endS: 40 };

test('a trace ending 12 s before the window ends covers 8 of 20 s: ftrace.ends-early at its last event line', () => {
  const c = traceCoverage(trace(10, 28), w)!;
  assert.deepEqual([c.startS, c.endS, c.durationS, c.windowS, c.partial], [20, 28, 8, 20, true]);
  const ws = traceCoverageWarnings(trace(10, 28), w);
  assert.deepEqual(codesOf(ws), ['ftrace.ends-early']);
  assert.match(assertWarning(ws, 'ftrace.ends-early', { file: 't.txt', line: 900 }).message, /covers 8\.0 s of the 20\.0 s/);
});

test('a trace starting late is ftrace.starts-late at its first event line; one within 1 s of both edges is whole', () => {
  assertWarning(traceCoverageWarnings(trace(30, 50), w), 'ftrace.starts-late', { file: 't.txt', line: 12 });
  assert.equal(traceCoverage(trace(20.5, 39.5), w)!.partial, false);
  assert.deepEqual(traceCoverageWarnings(trace(20.5, 39.5), w), []);
  assert.equal(traceCoverage(undefined, w), null);
});

test('every time in the warning is on one base, named: seconds since the first vmstat sample when given, else the capture clock', () => {
  // The lab baseline: window 21.765–42.100 s on the capture clock, first sample at 7.363 s, trace ends at 29.340 s;
  // replay's headline prints the window as 14.4–34.7 s.
  const lab = { startS: 21.765, endS: 42.1 };
  const since = assertWarning(traceCoverageWarnings(trace(21, 29.340486), lab, 7.363), 'ftrace.ends-early').message;
  assert.match(since, /^last event at 21\.977 s, before the reclaim window ends \(34\.737 s\): the trace covers 7\.6 s of the 20\.3 s reclaim window \(14\.402–21\.977 s; seconds since the first vmstat sample, at 7\.363 s on the capture clock, as replay counts them\)/);
  assert.doesNotMatch(since, /29\.34|42\.1/, 'no capture-clock time beside the replay\'s');
  const clock = assertWarning(traceCoverageWarnings(trace(30, 50), w), 'ftrace.starts-late').message;
  assert.match(clock, /^first event at 30\.000 s, after the reclaim window starts \(20\.000 s\): .*\(30\.000–40\.000 s; times on the capture clock\)/);
});

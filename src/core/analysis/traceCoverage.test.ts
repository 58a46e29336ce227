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

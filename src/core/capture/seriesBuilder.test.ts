import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineTally, resetWarnings, SeriesBuilder } from './seriesBuilder';
import { CaptureError } from '../errors';
import { assertWarning } from '../testing/warnings';

test('columns are padded with NaN, the clock is the best shared by all samples, epoch−mono is the median', () => {
  const b = new SeriesBuilder();
  b.begin({ mono: 1, epoch: 101 });
  b.set('a', 1);
  b.begin({ mono: 2, epoch: 103 });
  b.set('b', 5);
  b.begin({ mono: 3, epoch: 103 });
  b.set('a', 0);
  const t = b.finish('src', (k) => k === 'a');
  assert.equal(t.clock, 'mono');
  assert.deepEqual([...t.series.times], [1, 2, 3]);
  assert.deepEqual([...t.series.columns.get('a')!], [1, NaN, 0]);
  assert.deepEqual([...t.series.columns.get('b')!], [NaN, 5, NaN]);
  assert.equal(t.epochMinusMono, 100);
  assert.deepEqual(t.series.resets, [{ key: 'a', index: 2 }]);
  assert.match(assertWarning(resetWarnings(t.series), 'series.counter-reset').message, /counter a went backwards 1× \(first at sample 3, t=3\)/);
});

test('mixed stamps fall back to epoch, then to the sample index; dropLast removes a sample', () => {
  const b = new SeriesBuilder();
  b.begin({ epoch: 10 });
  b.set('x', 1);
  b.begin({ mono: 1, epoch: 11 });
  b.set('x', 2);
  assert.equal(b.finish('s', () => false).clock, 'epoch');
  const r = new SeriesBuilder();
  r.begin({});
  r.set('x', 1);
  r.begin({ mono: 5 });
  r.set('x', 2);
  r.begin({});
  r.set('x', 3);
  r.dropLast();
  const f = r.finish('s', () => false, 0.5);
  assert.equal(f.clock, 'relative');
  assert.deepEqual([...f.series.times], [0, 0.5]);
  assert.deepEqual([...f.series.columns.get('x')!], [1, 2]);
});

test('damaged clocks: an untimed sample among timed ones is dropped, unordered ones sorted, repeated times dropped', () => {
  const b = new SeriesBuilder();
  for (const [t, x, line] of [[3, 30, 1], [undefined, 99, 5], [1, 10, 9], [2, 20, 13], [2, 21, 17]] as const) {
    b.begin(t === undefined ? {} : { mono: t }, line);
    b.set('x', x);
  }
  const f = b.finish('v.txt', () => true);
  assert.equal(f.clock, 'mono');
  assert.deepEqual([...f.series.times], [1, 2, 3]);
  assert.deepEqual([...f.series.columns.get('x')!], [10, 20, 30]);
  assert.deepEqual(f.warnings.map((w) => [w.code, w.file, w.line]),
    [['series.untimed-sample', 'v.txt', 5], ['series.out-of-order', 'v.txt', 9], ['series.duplicate-sample', 'v.txt', 17]]);
});

test('samples decades apart are refused with the line, before any series is sized by the span', () => {
  const b = new SeriesBuilder();
  b.begin({ mono: 100 }, 1);
  b.begin({ mono: 1e9 }, 4);
  assert.throws(() => b.finish('v.txt', () => true), (e: Error) => e instanceof CaptureError && /^v\.txt:4: samples span 1\.000e\+9 s/.test(e.message));
});

test('LineTally keeps the first five unparsed line numbers and counts all', () => {
  const t = new LineTally();
  for (let i = 1; i <= 8; i++) t.miss(i * 10);
  assert.deepEqual(t.info('p', 'meminfo', 100), { path: 'p', format: 'meminfo', lines: 100, unparsed: 8, unparsedLines: [10, 20, 30, 40, 50] });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sweepLayout } from './sweepLayout';
import { sweepPoint } from '../src/core/sweep/point';
import { fakeResult } from '../test/fixtures/fakeResult';

const point = (workers: number, queue: number, cpus: number) => {
  const r = fakeResult(0);
  r.options = { ...r.options, kcompressd: workers, queue, cpus };
  return sweepPoint(r, cpus);
};

test('the first varying option is the x axis; each combination of the others is one line; every point is placed once', () => {
  const pts = [1, 2, 4, 8].flatMap((w) => [256, 4096].flatMap((q) => [4, 8].map((c) => point(w, q, c))));
  const l = sweepLayout(pts);
  assert.equal(l.axis, 'kcompressd');
  assert.deepEqual(l.xLabels, ['1', '2', '4', '8']);
  assert.equal(l.lines.length, 4);
  assert.deepEqual(l.lines.map((x) => x.label).sort(), ['queue 256 · 4 CPUs', 'queue 256 · 8 CPUs', 'queue 4096 · 4 CPUs', 'queue 4096 · 8 CPUs']);
  const placed = l.lines.flatMap((x) => x.points).filter((i) => i >= 0).sort((a, b) => a - b);
  assert.deepEqual(placed, [...pts.keys()]);
});

test('a sweep over one option alone is one line along it', () => {
  const l = sweepLayout([256, 1024].map((q) => point(4, q, 4)));
  assert.equal(l.axis, 'queue');
  assert.equal(l.lines.length, 1);
  assert.deepEqual(l.lines[0].points, [0, 1]);
});

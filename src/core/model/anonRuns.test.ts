// The same anon pages in two orders: pages one order frees are forgotten by the other, per zone, and skipped where
// it meets that zone's pages next, so neither order hands a zone back more pages than it gave.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnonRuns } from './anonRuns';

const drain = (runs: AnonRuns, n: number): number[] => {
  const byZone = [0, 0];
  runs.take(n, (zone, pages) => { byZone[zone] += pages; });
  return byZone;
};

test('pages are taken oldest first, run by run, with their zone', () => {
  const runs = new AnonRuns(2);
  runs.push(0, 100);
  runs.push(0, 50); // same zone: one run
  runs.push(1, 30);
  assert.equal(runs.count, 180);
  assert.deepEqual(drain(runs, 160), [150, 10]);
  assert.deepEqual(drain(runs, 100), [0, 20], 'no more than the list holds');
  assert.equal(runs.count, 0);
});

test('forgotten pages of a zone are skipped where that zone\'s pages come next, not taken again', () => {
  const runs = new AnonRuns(2);
  runs.push(1, 40);
  runs.push(0, 100);
  runs.push(1, 60);
  runs.forget(1, 50); // the other order freed 50 of zone 1's pages
  assert.equal(runs.count, 150);
  assert.deepEqual(drain(runs, 60), [60, 0], 'zone 1\'s first 40 were among them');
  assert.deepEqual(drain(runs, 200), [40, 50]);
  assert.equal(runs.count, 0);
});

test('a rotation moves pages from the front to the back with their zones', () => {
  const runs = new AnonRuns(2);
  runs.push(0, 10);
  runs.push(1, 10);
  runs.take(10, (zone, pages) => runs.push(zone, pages));
  assert.equal(runs.count, 20);
  assert.deepEqual(drain(runs, 10), [0, 10]);
  assert.deepEqual(drain(runs, 10), [10, 0]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotSeries, Zone } from './types';
import type { ZoneinfoParse } from './zoneinfo';
import { zonesAtEnd } from './zonesEnd';

const zone = (name: string, freePages: number): Zone => ({ node: 0, name, managedPages: 1e6, freePages, min: 1, low: 2, high: 3 });
const parse = (path: string, zones: Zone[], lastFree?: ZoneinfoParse['lastFree']): ZoneinfoParse => ({
  info: { path, format: 'zoneinfo', lines: 10, unparsed: 0, unparsedLines: [] }, zones, lastFree, warnings: [],
});
const vmstat = (free: number[]): SnapshotSeries => ({
  source: 'vmstat', times: Float64Array.from(free, (_, i) => i), columns: new Map([['nr_free_pages', Float64Array.from(free)]]),
  counters: new Set(), resets: [],
});

test('an after-the-run zoneinfo is the end state; a before one is not', () => {
  const before = parse('c/zoneinfo_before.txt', [zone('DMA', 10), zone('Normal', 500)]);
  assert.equal(zonesAtEnd([before], undefined), undefined);
  const end = zonesAtEnd([before, parse('c/zoneinfo_after.txt', [zone('DMA', 9), zone('Normal', 100)])], undefined);
  assert.deepEqual(end, { source: 'c/zoneinfo_after.txt', zones: [{ node: 0, name: 'DMA', freePages: 9 }, { node: 0, name: 'Normal', freePages: 100 }] });
});

test('of several end snapshots, the one that adds up to the last nr_free_pages; zones without a free count are left out', () => {
  const afterWorkload = parse('c/zoneinfo_after_wl.txt', [zone('Normal', 900)]);
  const afterCapture = parse('c/zoneinfo_after.txt', [zone('Normal', 400), { ...zone('Movable', 0), freePages: undefined }]);
  const end = zonesAtEnd([afterWorkload, afterCapture], vmstat([1000, 700, 410]));
  assert.equal(end?.source, 'c/zoneinfo_after.txt');
  assert.deepEqual(end?.zones.map((z) => z.name), ['Normal']);
  // A sampled zoneinfo file: its last snapshot, whatever the file is called.
  const sampled = parse('c/zoneinfo_snapshots.txt', [zone('Normal', 1000)], [{ node: 0, name: 'Normal', freePages: 420 }]);
  assert.equal(zonesAtEnd([afterWorkload, sampled], vmstat([1000, 410]))?.source, 'c/zoneinfo_snapshots.txt');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture, SnapshotSeries } from '../capture/types';
import { pcpFromVmstat, pcpLists } from './pcpLists';

function series(cols: Record<string, number[]>): SnapshotSeries {
  const n = Object.values(cols)[0].length;
  return {
    source: 'vmstat', times: Float64Array.from({ length: n }, (_, i) => i), timed: true, resets: [], counters: new Set(),
    columns: new Map(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  };
}

test('per-CPU lists from vmstat: frees onto a list, allocations from it, a drain into buddy, compaction', () => {
  const s = series({
    // 1: a task frees 100 pages onto its CPU's list (pgfree, no NR_FREE_PAGES change: free_unref_page_commit()).
    // 2: it allocates 40 of them back (pgalloc, rmqueue_pcplist()). 3: free_pcppages_bulk() returns 50 to buddy.
    // 4: compaction migrates 30 pages into isolated free pages (no pgalloc) and frees the sources (pgfree).
    nr_free_pages: [1000, 1000, 1000, 1050, 1050],
    pgfree: [0, 100, 100, 100, 130],
    pgalloc_normal: [0, 0, 40, 40, 40],
    pgmigrate_success: [0, 0, 0, 0, 30],
  });
  assert.deepEqual(Array.from(pcpFromVmstat(s, 5)!), [5, 105, 65, 15, 15]);
  assert.equal(pcpFromVmstat(series({ nr_free_pages: [1, 2], pgfree: [0, 1] }), 0), undefined, 'no pgalloc_*: unknown');
});

test('pcpLists prefers the zoneinfo snapshots and starts the derived series at zoneinfo\'s pagesets', () => {
  const vm = series({ nr_free_pages: [1000, 990], pgfree: [0, 0], pgalloc_normal: [0, 10] });
  const zone = { node: 0, name: 'Normal', managedPages: 1e6, min: 1, low: 2, high: 3, pcpPages: 77 };
  const derived = pcpLists({ root: '.', sources: [], warnings: [], clock: 'mono', vmstat: vm, zones: [zone] } as Capture)!;
  assert.equal(derived.source, 'vmstat');
  assert.deepEqual(Array.from(derived.pages), [77, 77]);
  const zi = series({ pcp: [3, 400] });
  const measured = pcpLists({ root: '.', sources: [], warnings: [], clock: 'mono', vmstat: vm, zones: [zone], zoneinfoSeries: zi } as Capture)!;
  assert.equal(measured.source, 'zoneinfo');
  assert.deepEqual(Array.from(measured.pages), [3, 400]);
});

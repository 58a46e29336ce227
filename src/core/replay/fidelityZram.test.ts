// The fidelity table's zram rows read both sides where the pool holds the workload's pages — each side's largest
// orig_data_size in the compared span — not at the span's end, where an exit (zram_slot_free_notify) may have left a
// residue of other pages with another ratio.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotSeries } from '../capture/types';
import type { ScenarioOutput } from '../model/simulation';
import { zramRows } from './fidelity';

const MiB = 1 << 20;

/** mm_stat every second 0..10 s: the pool grows 2:1 to 1000 MiB at 8 s, then the workload exits and 60 MiB of
 *  other pages remain at 3:1. */
function drainedMmStat(): SnapshotSeries {
  const times = Float64Array.from({ length: 11 }, (_, i) => i);
  const orig = times.map((t) => (t <= 8 ? t * 125 * MiB : 60 * MiB));
  const compr = times.map((t, i) => (t <= 8 ? orig[i] / 2 : 20 * MiB));
  const used = compr.map((x) => x + MiB);
  return {
    source: 'zram_mm_stat.txt', times,
    columns: new Map([['orig_data_size', orig], ['compr_data_size', compr], ['mem_used_total', used]]),
    counters: new Set(),
  } as SnapshotSeries;
}

/** A replay whose pool grows at 2:1 to 900 MiB over 10 bins of 1 s and is still draining (600 MiB) in the last. */
function drainingReplay(): ScenarioOutput {
  const orig = Float64Array.from({ length: 10 }, (_, i) => (i < 9 ? (i + 1) * 100 * MiB : 600 * MiB));
  return {
    bins: 10, binNs: 1e9, zramOrig: orig, zramCompr: orig.map((x) => x / 2), zramMemUsed: orig.map((x) => x / 2 + MiB),
  } as unknown as ScenarioOutput;
}

test('zram ratio and mem_used at each side\'s peak orig_data_size in the span, not at the residue left by an exit', () => {
  const rows = zramRows(drainedMmStat(), drainingReplay(), 0, 10, 0, 9, 'predicted');
  assert.equal(rows.zramRatio.observed, 2, 'the capture at 8 s (1000 MiB), not its 3:1 residue at 10 s');
  assert.equal(rows.zramRatio.simulated, 2);
  assert.equal(rows.zramRatio.errorPct, 0);
  assert.equal(rows.zramRatio.basis, 'fitted');
  assert.equal(rows.zramMemUsedMiB.observed, 501);
  assert.equal(rows.zramMemUsedMiB.simulated, 451, 'the replay at its own peak (bin 8, 900 MiB orig)');
  assert.equal(rows.zramMemUsedMiB.basis, 'predicted', 'how much the pool holds is the replay\'s own swap-out and frees');
  assert.match(rows.zramMemUsedMiB.why!, /swap-outs less its frees/);
});

test('the peak is the compared span\'s: a split compares the held-out half\'s pool, and the row says what was fitted', () => {
  const fitted = { ratio: 2, memUsedMiB: 501, sameFraction: null, hugeFraction: null, zeroShare: null };
  const rows = zramRows(drainedMmStat(), drainingReplay(), 0, 4, 0, 3, 'predicted', fitted);
  assert.match(rows.zramRatio.why!, /fitted to \(2 at its largest pool, 501 MiB mem_used\)/);
  assert.equal(rows.zramMemUsedMiB.observed, 251, 'the capture at 4 s');
  assert.equal(rows.zramMemUsedMiB.simulated, 201, 'the replay in bin 3');
  assert.equal(rows.zramRatio.basis, 'predicted', 'the held-out pool (251 MiB) is not the fitted sample (501 MiB)');
  assert.equal(rows.zramRatio.mark, 'pass');
  assert.match(rows.zramRatio.why!, /not the sample the page-content corpus was fitted to/);
  // The span's largest pool is the fitted sample: a fit, never marked.
  const same = zramRows(drainedMmStat(), drainingReplay(), 0, 10, 0, 9, 'predicted', fitted);
  assert.equal(same.zramRatio.basis, 'fitted');
  assert.equal(same.zramRatio.mark, undefined);
  assert.match(same.zramRatio.why!, /fitted to this capture's zram ratio \(2 at its largest pool/);
});

test('no mm_stat sample in the span, or nothing stored in the replay: no zram rows', () => {
  assert.deepEqual(zramRows(drainedMmStat(), drainingReplay(), 20, 30, 0, 9, 'predicted'), {});
  assert.deepEqual(zramRows(undefined, drainingReplay(), 0, 10, 0, 9, 'predicted'), {});
  const empty = { bins: 10, binNs: 1e9, zramOrig: new Float64Array(10), zramCompr: new Float64Array(10), zramMemUsed: new Float64Array(10) } as unknown as ScenarioOutput;
  assert.deepEqual(zramRows(drainedMmStat(), empty, 0, 10, 0, 9, 'predicted'), {});
});

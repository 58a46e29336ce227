// The headline's "measured" column: every figure the capture measured over its reclaim window, or why not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import type { Capture, ReclaimSlices, TraceSummary } from '../capture/types';
import { measuredHeadline } from './fidelity';
import { syntheticCapture } from './testing/syntheticCapture';

const slices = (starts: number[], len: number): ReclaimSlices =>
  ({ start: Float64Array.from(starts), end: Float64Array.from(starts, (s) => s + len), nrReclaimed: Float64Array.from(starts, () => NaN) }) as unknown as ReclaimSlices;

/** 40 s of memcg reclaim (window 100–140 s), a trace from `firstTs` to `lastTs` with 0.5 s memcg slices every 2 s. */
function memcgCapture(firstTs: number, lastTs: number): Capture {
  const c = syntheticCapture({ seconds: 40, demandPagesPerS: 0, memcgPagesPerS: 10_000 });
  const starts = Array.from({ length: 20 }, (_, i) => 100 + 2 * i).filter((s) => s >= firstTs && s + 0.5 <= lastTs);
  const none = slices([], 0);
  c.trace = {
    source: 'trace.txt', firstTs, lastTs, lastLine: 77, cpus: 4, events: { mm_vmscan_memcg_reclaim_begin: starts.length },
    kswapd: { wakes: 0, sleeps: 0, wakeupRequests: 0, awake: none, onCpu: none, pids: [] },
    directReclaim: none, memcgReclaim: slices(starts, 0.5), throttled: 0,
  } as TraceSummary;
  return c;
}

test('memcg reclaim ms and the reclaimer CPU are measured from a trace covering the window', () => {
  const c = memcgCapture(99, 141);
  const m = measuredHeadline(c, analyzeCapture(c));
  assert.equal(m.memcgReclaimMs, 10_000);
  assert.equal(m.directReclaimMs, 0);
  assert.ok(typeof m.reclaimerCpuPct === 'number' && Math.abs(m.reclaimerCpuPct - 25) < 0.5, JSON.stringify(m.reclaimerCpuPct));
});

test('a trace ending inside the window gives reasons, never a partial figure as the window\'s', () => {
  const c = memcgCapture(99, 120);
  const m = measuredHeadline(c, analyzeCapture(c));
  for (const k of ['memcgReclaimMs', 'directReclaimMs', 'reclaimerCpuPct'] as const) {
    assert.match((m[k] as { unavailable: string }).unavailable, /the trace covers 20\.0 s of the 40\.0 s window \(0\.0–20\.0 s since the first vmstat sample, as the window above; ftrace\.ends-early\)/, k);
  }
  const none = syntheticCapture({ seconds: 40, demandPagesPerS: 0, memcgPagesPerS: 10_000 });
  const n = measuredHeadline(none, analyzeCapture(none));
  assert.deepEqual(n.memcgReclaimMs, { unavailable: 'no trace in the capture' });
  assert.deepEqual(n.zramRatio, { unavailable: 'no zram mm_stat sample in the capture\'s reclaim window' });
});

test('zram and min free are measured over the reclaim window, not at a peak or low outside it', () => {
  const c = syntheticCapture({ seconds: 20, demandPagesPerS: 15_000 });
  const w = analyzeCapture(c).window!;
  assert.ok(w.startS > 100, `window ${w.startS}–${w.endS}`);
  c.vmstat!.columns.get('nr_free_pages')![0] = 256; // 1 MiB free before the window
  const MiB = 1 << 20;
  c.zramMmStat = {
    source: 'synthetic/zram_mm_stat', times: Float64Array.of(w.startS, w.endS, w.endS + 5), counters: new Set(), resets: [],
    columns: new Map([['orig_data_size', Float64Array.of(10, 20, 90).map((x) => x * MiB)],
      ['compr_data_size', Float64Array.of(5, 10, 30).map((x) => x * MiB)], ['mem_used_total', Float64Array.of(6, 11, 95).map((x) => x * MiB)]]),
  };
  const f = analyzeCapture(c);
  assert.equal(f.zram?.memUsedMiB, 95); // parse's whole-capture figure keeps its definition
  const m = measuredHeadline(c, f);
  assert.equal(m.zramMemUsedMiB, 11);
  assert.equal(m.zramRatio, 2);
  assert.ok(typeof m.minFreeMiB === 'number' && m.minFreeMiB > 1, `min free ${JSON.stringify(m.minFreeMiB)}`);
});

test('a small guest\'s measured min free keeps its fraction of a MiB (1,130 pages: 4.4 MiB, not 4)', () => {
  const c = syntheticCapture({ seconds: 20, demandPagesPerS: 15_000 });
  const w = analyzeCapture(c).window!;
  const times = c.vmstat!.times;
  const inside = times.findIndex((t) => t > w.startS && t < w.endS);
  c.vmstat!.columns.get('nr_free_pages')![inside] = 1130;
  assert.equal(measuredHeadline(c, analyzeCapture(c)).minFreeMiB, 4.4);
  assert.equal(analyzeCapture(c).minFreeMiB, 4.4, 'parse gives the same figure');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perfFrameBit } from '../capture/ftrace/perfFrames';
import type { Capture, ReclaimSlices } from '../capture/types';
import { scanCostOfSlices, sliceCpuSeconds, sliceSeconds } from './sliceCosts';

test('direct reclaim is timed by its on-CPU seconds; slices sched_switch did not time pay the timed ones\' CPU per page', () => {
  const slices = {
    start: Float64Array.of(0, 2, 4), end: Float64Array.of(1, 3, 6), pid: Int32Array.of(7, 7, 9),
    nrReclaimed: Float64Array.of(100, 100, 50), onCpuS: Float64Array.of(0.4, 0.6, NaN), comms: new Map([[7, 'eater'], [9, 'agent']]),
  };
  const t = sliceSeconds(slices, 0, 10);
  // 1 s on CPU for 200 pages; the agent's 2 s slice reclaimed 50 pages: 0.25 s, not its 2 s of wall time.
  assert.deepEqual([t.onCpu, t.timedWall, t.untimed], [1, 2, 2]);
  assert.ok(Math.abs(t.s - 1.25) < 1e-12, `${t.s}`);
  const cut = sliceSeconds(slices, 0.5, 10); // half of the first slice: half its on-CPU time and pages
  assert.ok(Math.abs(cut.onCpu - 0.8) < 1e-12 && Math.abs(cut.s - (0.8 + 50 * (0.8 / 150))) < 1e-12, `${cut.s}`);
  const untimed = sliceSeconds({ ...slices, onCpuS: undefined }, 0, 10); // no sched_switch: wall time
  assert.deepEqual([untimed.s, untimed.onCpu], [4, 0]);
});

/** `n` slices of 1 s apart, each on CPU scanNs per scanned folio + reclaimNs per reclaimed page. */
function fitted(n: number, scanned: (i: number) => number, reclaimed: (i: number) => number, scanNs: number, reclaimNs: number): ReclaimSlices {
  const i = Array.from({ length: n }, (_, k) => k);
  return {
    start: Float64Array.from(i), end: Float64Array.from(i, (k) => k + 0.5), pid: Int32Array.from(i, () => 7), comms: new Map(),
    nrScanned: Float64Array.from(i, scanned), nrReclaimed: Float64Array.from(i, reclaimed),
    onCpuS: Float64Array.from(i, (k) => (scanned(k) * scanNs + reclaimed(k) * reclaimNs) / 1e9),
  };
}

test('the scan cost is fitted from slices that reclaim different shares of what they scan', () => {
  const s = fitted(40, (k) => 100 + 37 * (k % 9), (k) => 10 + 5 * (k % 4), 13_000, 120_000);
  const fit = scanCostOfSlices(s, 0, 100);
  assert.ok(!('why' in fit), JSON.stringify(fit));
  assert.ok(Math.abs(fit.scanNs - 13_000) < 1 && Math.abs(fit.reclaimNs - 120_000) < 1 && fit.n === 40, JSON.stringify(fit));
  assert.ok('why' in scanCostOfSlices(s, 0, 10), 'only the 10 slices inside the span: too few');
});

test('slices that reclaim all they scan, too few slices, or untimed slices give no scan cost, with why', () => {
  assert.match((scanCostOfSlices(fitted(40, (k) => 32 + k, (k) => 32 + k, 13_000, 120_000), 0, 100) as { why: string }).why, /in proportion/);
  assert.match((scanCostOfSlices(fitted(40, (k) => 100 + 37 * (k % 9), (k) => 10 + 5 * (k % 4), 13_000, 120_000), 0, 10) as { why: string }).why, /10 timed reclaim slices/);
  const untimed = { ...fitted(40, (k) => 100 + k, () => 10, 1, 1), onCpuS: undefined };
  assert.match((scanCostOfSlices(untimed, 0, 100) as { why: string }).why, /times no reclaim slice/);
});

/** A capture (clock 0–100 s) whose worker reclaims in 4 memcg slices of 2 s, none timed by sched_switch, beside a
 *  1 ms perf profile: in each slice 1.5 s of samples in try_to_free_mem_cgroup_pages (the rest run-queue waits), and
 *  worker samples outside reclaim; another task's reclaim-frame samples too. */
function untimedMemcg(perfTimes: (t: number) => number = (t) => t, onCpuS?: Float64Array): Capture {
  const starts = [10, 20, 30, 40];
  const memcgReclaim: ReclaimSlices = {
    start: Float64Array.from(starts), end: Float64Array.from(starts, (x) => x + 2), pid: Int32Array.from(starts, () => 7),
    nrReclaimed: Float64Array.from(starts, () => 1000), onCpuS: onCpuS ?? Float64Array.from(starts, () => NaN), comms: new Map([[7, 'reclaimwl']]),
  };
  const entry = perfFrameBit('try_to_free_mem_cgroup_pages') | perfFrameBit('shrink_folio_list');
  const times: number[] = [];
  const masks: number[] = [];
  for (let t = 0; t < 100; t += 0.001) {
    const inSlice = starts.some((x) => t >= x && t < x + 1.5);
    times.push(perfTimes(t));
    masks.push(inSlice ? entry : perfFrameBit('folio_referenced'));
  }
  return {
    vmstat: { times: Float64Array.of(0, 50, 100) },
    trace: { memcgReclaim, directReclaim: { start: new Float64Array(), end: new Float64Array(), pid: new Int32Array(), nrReclaimed: new Float64Array(), comms: new Map() } },
    perf: { source: 'perf_script.txt', periodNs: 1_000_000, byComm: {}, timeline: {
      reclaimwl: { times: Float64Array.from(times), masks: Uint32Array.from(masks) },
      other: { times: Float64Array.of(15, 25), masks: Uint32Array.of(entry, entry) },
    } },
  } as unknown as Capture;
}

test('memcg slices sched_switch could not time are timed on CPU by perf samples in try_to_free_mem_cgroup_pages', () => {
  const c = untimedMemcg();
  const all = sliceCpuSeconds(c, 'memcg', 0, 100);
  assert.equal(all.source, 'perf');
  assert.ok(Math.abs(all.s - 6) < 0.01, `${all.s}: 4 × 1.5 s on CPU, not the 8 s of wall time`);
  assert.equal(all.sched.untimed, 8);
  const part = sliceCpuSeconds(c, 'memcg', 15, 35); // the slices at 20 and 30 only
  assert.ok(Math.abs(part.s - 3) < 0.01, `${part.s}`);
  assert.deepEqual(sliceCpuSeconds(c, 'direct', 0, 100).s, 0);
});

test('without a usable perf profile untimed slices keep their wall time; timed ones keep sched_switch\'s', () => {
  const offClock = sliceCpuSeconds(untimedMemcg((t) => t + 5000), 'memcg', 0, 100);
  assert.deepEqual([offClock.source, offClock.s], ['wall', 8]);
  const short = sliceCpuSeconds(untimedMemcg((t) => Math.min(t, 35)), 'memcg', 0, 100); // perf ends at 35 s
  assert.deepEqual([short.source, short.s], ['wall', 8]);
  const noPerf = sliceCpuSeconds({ ...untimedMemcg(), perf: undefined }, 'memcg', 0, 100);
  assert.deepEqual([noPerf.source, noPerf.s], ['wall', 8]);
  const timed = sliceCpuSeconds(untimedMemcg(undefined, Float64Array.of(1, 1, 1, 1)), 'memcg', 0, 100);
  assert.deepEqual([timed.source, timed.s], ['sched_switch', 4]);
});

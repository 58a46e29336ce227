import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture } from '../capture/types';
import { analyzeCapture } from './figures';
import { mkSeries } from './testSeries';
import { assertWarning } from '../testing/warnings';
import { warning } from '../warnings';

const FROM_LOAD = warning('series.untimed', 'from load', 'v');
const base: Capture = { root: 'x', sources: [{ path: 'v', format: 'vmstat-snapshots', lines: 9, unparsed: 1, unparsedLines: [3] }], warnings: [FROM_LOAD], clock: 'mono' };

test('a vmstat series gives window, rates, min free; sources keep only the public fields', () => {
  const vmstat = mkSeries([0, 1, 2, 3], { pswpout: [0, 0, 10, 20], swpout_zero: [0, 0, 0, 5], nr_free_pages: [512, 256, 300, 400] });
  const meminfo = mkSeries([0], { MemTotal: [2048 * 1024], MemFree: [1] });
  const f = analyzeCapture({ ...base, vmstat, meminfo });
  assert.deepEqual(f.window, { startS: 1, endS: 3, durationS: 2, clock: 'mono', firstSampleS: 0 });
  assert.deepEqual(f.rates, { pswpout: 10, swpout_zero: 2.5 });
  assert.equal(f.minFreeMiB, 1);
  assert.equal(f.memTotalMiB, 2048);
  assert.deepEqual(f.sources, [{ path: 'v', format: 'vmstat-snapshots', lines: 9, unparsed: 1 }]);
  assert.deepEqual(f.warnings, [FROM_LOAD]);
  assert.deepEqual(f.zram, { ratio: null, memUsedMiB: null, sameFraction: null, hugeFraction: null, zeroShare: 0.2 });
  assert.deepEqual(f.kswapd, { cpuPct: null, cpuSource: null, wakes: 0, sleeps: 0 });
});

// trial13 #3: K's min free was its lowest sample before the window while the rates beside it were the window's.
test('min free is the reclaim window\'s, as the rates; the whole capture\'s is given apart when lower', () => {
  const vmstat = mkSeries([0, 1, 2, 3], { pswpout: [0, 0, 10, 20], nr_free_pages: [128, 256, 300, 400] });
  const f = analyzeCapture({ ...base, vmstat });
  assert.equal(f.minFreeMiB, 1);
  assert.equal(f.minFreeWholeMiB, 0.5);
  assert.equal(analyzeCapture({ ...base, vmstat: mkSeries([0, 1, 2, 3], { pswpout: [0, 0, 10, 20], nr_free_pages: [512, 256, 300, 400] }) }).minFreeWholeMiB, undefined);
});

test('no vmstat, one snapshot, or no reclaim: no window, and a warning that says why', () => {
  assertWarning(analyzeCapture(base).warnings, 'analysis.no-vmstat');
  assertWarning(analyzeCapture({ ...base, vmstat: mkSeries([0], { pswpout: [1] }) }).warnings, 'analysis.single-snapshot');
  const idle = analyzeCapture({ ...base, vmstat: mkSeries([0, 1], { pswpout: [1, 1], nr_free_pages: [1, 1] }) });
  assert.equal(idle.window, null);
  assert.deepEqual(idle.rates, {});
  assertWarning(idle.warnings, 'analysis.no-reclaim-window');
  const anon = analyzeCapture({ ...base, vmstat: mkSeries([0, 1], { pgsteal_anon: [1, 3] }) });
  assert.match(assertWarning(anon.warnings, 'analysis.window-basis').message, /window taken from pgsteal_anon/);
});

test('kswapd wakes (trial2 #28): in the window, wakes from sleep and sleeps; the whole trace\'s kswapd_wake events apart', () => {
  // The demo's shape: kswapd woken from sleep once inside the window, three more balance_pgdat() runs (kswapd_wake
  // while awake), its one sleep after the window's end.
  const vmstat = mkSeries([0, 1, 2, 3, 4], { pswpout: [0, 0, 10, 20, 20], nr_free_pages: [9, 8, 7, 6, 6] });
  const none = { start: new Float64Array(0), end: new Float64Array(0) };
  const trace = {
    source: 't', firstTs: 0, lastTs: 4, cpus: 2, events: { mm_vmscan_kswapd_wake: 4, mm_vmscan_kswapd_sleep: 1 },
    kswapd: { wakes: 4, sleeps: 1, wakeupRequests: 1, awake: { start: Float64Array.of(1.5), end: Float64Array.of(3.5) }, onCpu: none, pids: [] },
    directReclaim: none, memcgReclaim: none, throttled: 0,
  } as unknown as Capture['trace'];
  const f = analyzeCapture({ ...base, vmstat, trace });
  const w = f.window;
  assert.deepEqual(w && [w.startS, w.endS], [1, 3]);
  assert.equal(f.kswapd.wakes, 4);
  assert.equal(f.kswapd.sleeps, 1);
  assert.equal(f.kswapd.wakesFromSleepInWindow, 1);
  assert.equal(f.kswapd.sleepsInWindow, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Capture } from '../capture/types';
import { CaptureError } from '../errors';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { availabilityOf, computeWatermarks, lruBalanceOf, peakOpen, saturateWorkload, workloadFromCapture, zspagesUnmovableIn } from './workload';

test('watermarks as __setup_per_zone_wmarks() computes them', () => {
  // 4 GiB: min_free_kbytes = √(4 Mi kB × 16) = 8192 kB → 2048 pages; tmp = max(512, 1048576 × 10 / 10000 = 1048).
  assert.deepEqual(computeWatermarks(1_048_576), { min: 2048, low: 3096, high: 4144 });
  // watermark_scale_factor 1700 and an explicit min_free_kbytes
  const w = computeWatermarks(1_000_000, 1700, 67584);
  assert.deepEqual(w, { min: 16896, low: 16896 + 170000, high: 16896 + 340000 });
  // the 256 MiB ceiling of min_free_kbytes
  assert.equal(computeWatermarks(2 ** 30).min, 262144 / 4);
});

test('demand: pages taken from the free pool plus what the device reclaimed, minus zram\'s own pages', () => {
  const cap = syntheticCapture({ seconds: 10, demandPagesPerS: 5000, memcgPagesPerS: 1000 });
  const w = workloadFromCapture(cap);
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(sum(w.globalDemand) - 50_000) < 1, `global ${sum(w.globalDemand)}`);
  assert.ok(Math.abs(sum(w.memcgDemand) - 10_000) < 1, `memcg ${sum(w.memcgDemand)}`);
  assert.equal(w.durationNs, 10e9);
  assert.equal(w.zeromap, true);
  assert.ok(Math.abs(w.anonReclaimable - 0.5) < 1e-4, `anon reclaimable ${w.anonReclaimable}`); // + the one aging scan
  assert.equal(w.lruYoungShareAtStart, 0, 'the synthetic device scanned in its first interval');
  assert.deepEqual(w.watermarks, { min: 4000, low: 100_000, high: 120_000 });
});

test('the LRU at the start holds young PTEs unless the capture was already scanning anon in its first interval', () => {
  assert.equal(workloadFromCapture(syntheticCapture({ seconds: 5, demandPagesPerS: 0 })).lruYoungShareAtStart, 1);
  assert.equal(workloadFromCapture(syntheticCapture({ seconds: 5, demandPagesPerS: 5000 })).lruYoungShareAtStart, 0);
});

test('kswapd is started running when pgscan_kswapd rose in the capture\'s first interval, not when it was idle or later', () => {
  const cap = syntheticCapture({ seconds: 5, demandPagesPerS: 5000 });
  const s = cap.vmstat!;
  const withScan = (v: number[]) => ({ ...cap, vmstat: { ...s, columns: new Map([...s.columns, ['pgscan_kswapd', Float64Array.from(s.times, (_t, i) => v[Math.min(i, v.length - 1)])]]) } });
  const running = workloadFromCapture(withScan([100, 132, 164]));
  assert.equal(running.kswapdAwakeAtStart, true);
  assert.ok(running.notes.some((n) => /already reclaiming \(pgscan_kswapd rose in the first interval\)/.test(n)));
  assert.equal(workloadFromCapture(withScan([100, 100, 164])).kswapdAwakeAtStart, undefined, 'woken later: by the replay\'s own wakeup_kswapd()');
  assert.equal(workloadFromCapture(cap).kswapdAwakeAtStart, undefined, 'no pgscan_kswapd column');
});

test('high-order wake-ups: the trace\'s awake spans opened by a kswapd_wake of order > 0 are named in a note, on the replay clock', () => {
  const cap = syntheticCapture({ seconds: 5, demandPagesPerS: 5000 });
  const t0 = cap.vmstat!.times[0];
  const kswapd = { wakes: 3, sleeps: 2, wakeupRequests: 0, pids: [45], onCpu: { start: new Float64Array(0), end: new Float64Array(0) },
    awake: { start: Float64Array.of(t0 + 0.5, t0 + 1, t0 + 2, t0 + 3, t0 + 9), end: Float64Array.of(t0 + 0.8, t0 + 1.5, t0 + 2.5, t0 + 3.5, t0 + 9.5) },
    awakeOrder: Int32Array.of(9, 0, 5, -1, 7) };
  const trace = { source: 'ftrace.txt', firstTs: t0 + 0.5, lastTs: t0 + 10, cpus: 2, events: {}, kswapd } as unknown as Capture['trace'];
  const w = workloadFromCapture({ ...cap, trace });
  // 0.5 s opens the trace (its wake-up came before), order 0 and -1 are not high-order, 9 s is past the replay's end
  assert.ok(w.notes.some((n) => /^high-order wake-ups: .* 1 time\(s\) by a high-order allocation \(order 5 at 2\.0 s\).*Not replayed/.test(n)), w.notes.join('\n'));
  assert.ok(!workloadFromCapture(cap).notes.some((n) => /high-order/.test(n)), 'no trace: no note');
});

test('saturate: an eater starting below low, as long as the capture (at most 30 s)', () => {
  const w = saturateWorkload(syntheticCapture({ seconds: 5, demandPagesPerS: 0 }));
  assert.equal(w.saturate, true);
  assert.equal(w.durationNs, 5e9);
  assert.ok(w.initialFreePages < w.watermarks.low);
  assert.equal(w.availability, 1);
});

test('availability and LRU balance over part of the capture read only that part\'s samples', () => {
  const cap = syntheticCapture({ seconds: 20, demandPagesPerS: 5000 });
  const t = cap.vmstat!.times; // 100 … 120 s
  // kswapd on CPU all along; waiting for a CPU as long as it ran in the first 10 s, never after.
  cap.taskCpu = [{ source: 'kswapd_cpu.txt', comm: 'kswapd0', times: t, sumExecNs: t.map((x) => (x - 100) * 1e9),
    runDelayNs: t.map((x) => Math.min(x - 100, 10) * 1e9) }];
  assert.ok(Math.abs(availabilityOf(cap, { startS: 100, endS: 110 }).a - 0.5) < 1e-9);
  assert.ok(Math.abs(availabilityOf(cap, { startS: 110, endS: 120 }).a - 1) < 1e-9);
  assert.ok(Math.abs(availabilityOf(cap).a - 20 / 30) < 1e-9, 'whole capture');
  // Half the scanned anon pages reclaimed (syntheticCapture's ratio), whatever the part; a part without scans: 1.
  const s = cap.vmstat!;
  assert.ok(Math.abs(lruBalanceOf(s, { startS: 110, endS: 120 }).anonReclaimable - 0.5) < 1e-9);
  const scan = s.columns.get('pgscan_anon')!;
  for (let i = 0; i < scan.length; i++) if (t[i] > 110) scan[i] = scan[nearest(t, 110)];
  assert.equal(lruBalanceOf(s, { startS: 110, endS: 120 }).anonReclaimable, 1, 'no scan in the part: nothing says pages resist reclaim');
});

const nearest = (t: Float64Array, x: number) => t.reduce((b, v, i) => (Math.abs(v - x) < Math.abs(t[b] - x) ? i : b), 0);

// A refusal names the first thing a replay needs that is missing (demand before watermarks), what was looked for and
// what the capture holds, at the file that should have given it.
test('refusals: no vmstat series is named before the watermarks; no zoneinfo or meminfo says what was found', () => {
  const cap = syntheticCapture({ seconds: 5, demandPagesPerS: 5000 });
  const src = (path: string, format: Capture['sources'][number]['format']) => ({ path, format, lines: 10, unparsed: 0, unparsedLines: [] });
  const zramOnly: Capture = { ...cap, root: 'in/zram.txt', vmstat: undefined, zones: undefined, meminfo: undefined, sources: [src('in/zram.txt', 'zram-mm-stat')] };
  assert.throws(() => workloadFromCapture(zramOnly), (e: CaptureError) => e.file === 'in/zram.txt'
    && /^no \/proc\/vmstat series \(found: zram\.txt\): replaying the capture's demand needs/.test(e.reason));
  const vmstatOnly: Capture = { ...cap, root: 'cap', zones: undefined, meminfo: undefined, sources: [src('cap/vmstat.txt', 'vmstat-snapshots')] };
  assert.throws(() => workloadFromCapture(vmstatOnly), (e: CaptureError) => e.file === 'cap' && e.line === undefined
    && e.reason === 'no zoneinfo file and no meminfo file (found: vmstat.txt): cannot place the watermarks');
  const noMemTotal: Capture = { ...vmstatOnly, sources: [...vmstatOnly.sources, src('cap/meminfo.txt', 'meminfo')] };
  assert.throws(() => saturateWorkload(noMemTotal), (e: CaptureError) => e.file === 'cap/meminfo.txt'
    && /^no usable MemTotal and no zoneinfo file/.test(e.reason));
});

test('peakOpen: the most intervals open at once (touching ones do not overlap), 1 with none', () => {
  const iv = (pairs: [number, number][]) => ({ start: Float64Array.from(pairs, (p) => p[0]), end: Float64Array.from(pairs, (p) => p[1]) });
  assert.equal(peakOpen(iv([[0, 2], [1, 3], [2.5, 4]])), 2);
  assert.equal(peakOpen(iv([[0, 1], [1, 2], [2, 3]])), 1);
  assert.equal(peakOpen(iv([[0, 10], [1, 9], [2, 8], [3, 4]])), 4);
  assert.equal(peakOpen(undefined), 1);
  assert.equal(peakOpen(iv([])), 1);
});

test('zsmalloc pages are unmovable only where a full /proc/vmstat has no compact_* counters (no CONFIG_COMPACTION)', () => {
  const vmstat = (keys: string[]) => ({ vmstat: {
    source: 'vmstat_snapshots.txt', times: Float64Array.of(0, 1), resets: [], counters: new Set<string>(),
    columns: new Map(keys.map((k) => [k, Float64Array.of(0, 0)] as const)),
  } }) as unknown as Capture;
  const full = Array.from({ length: 120 }, (_, i) => `counter_${i}`);
  assert.equal(zspagesUnmovableIn(vmstat(full)), true);
  assert.equal(zspagesUnmovableIn(vmstat([...full, 'compact_stall'])), false);
  assert.equal(zspagesUnmovableIn(vmstat(full.slice(0, 20))), false, 'a filtered vmstat says nothing about the config');
  assert.equal(zspagesUnmovableIn({} as Capture), false);
});

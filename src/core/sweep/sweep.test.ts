import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { replay } from '../replay/replay';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { appliesTo, baselineKey, intList, MAX_SWEEP_POINTS, sweepGrid, wordList } from './grid';
import { MM_FIFO_SIZE } from '../vocabulary';
import { limitingFactor, sweepPoint } from './point';
import { shares } from './runSweep';
import { sweepCapture } from './sweep';
import { sweepToCsv } from '../../shared/sweepExport';

test('the grid is every combination, first axis slowest, validated like a single replay', () => {
  const g = sweepGrid({ kcompressd: [1, 2, 4, 8], queue: [256, 4096], cpus: [4, 8] }, { profile: 'x86-vm' });
  assert.equal(g.length, 16);
  assert.deepEqual(g.slice(0, 3).map((o) => [o.kcompressd, o.queue, o.cpus]), [[1, 256, 4], [1, 256, 8], [1, 4096, 4]]);
  assert.ok(g.every((o) => o.profile === 'x86-vm' && o.series === false));
  assert.equal(new Set(g.map((o) => JSON.stringify(o))).size, 16, 'no duplicates');
  assert.throws(() => sweepGrid({ kcompressd: [0] }), /--kcompressd/);
  assert.throws(() => sweepGrid({ algorithm: ['zstd' as 'lz4'] }), /--algorithm/);
  assert.throws(() => sweepGrid({ kcompressd: [1, 2, 3, 4, 5, 6, 7, 8], queue: [1, 2, 3, 4, 5, 6, 7, 8], cpus: [1, 2, 3, 4, 5] }), new RegExp(`${MAX_SWEEP_POINTS}`));
  assert.deepEqual(intList('--workers', '1, 2,4'), [1, 2, 4]);
  assert.throws(() => intList('--queue', '256,x'), /--queue: must be an integer ≥ 1, got x$/);
});

test('a list with an empty item or a value given twice is refused, naming the flag (trial13 F23)', () => {
  assert.throws(() => intList('--kcompressd', '1,,2'), /--kcompressd: has an empty item in '1,,2'/);
  assert.throws(() => intList('--kcompressd', '1,2,'), /empty item/);
  assert.throws(() => intList('--kcompressd', '2,2'), /--kcompressd: lists 2 twice/);
  assert.throws(() => intList('--queue', '256,0256'), /--queue: lists 256 twice/);
  assert.throws(() => intList('--queue', ' , '), /--queue: expects a comma-separated list/);
  assert.throws(() => wordList('--algorithm', 'lz4,lz4'), /--algorithm: lists lz4 twice/);
  assert.deepEqual(wordList('--algorithm', 'lz4, lzo-rle'), ['lz4', 'lzo-rle']);
});

test('an mm point ignores the workers and queue axes (one kcompressd per node, fixed FIFO): it is in the grid once', () => {
  const g = sweepGrid({ kcompressd: [1, 4], queue: [256, 4096], variant: ['v1', 'mm'] });
  assert.deepEqual(g.map((o) => `${o.variant} ${o.kcompressd} ${o.queue}`), ['v1 1 256', 'mm 1 256', 'v1 1 4096', 'v1 4 256', 'v1 4 4096']);
  assert.deepEqual(sweepGrid({ variant: ['mm'], kcompressd: [2, 8] }).map((o) => [o.kcompressd, o.queue]), [[1, MM_FIFO_SIZE]]);
  assert.ok(appliesTo('v1', 'kcompressd') && !appliesTo('mm', 'kcompressd') && !appliesTo('mm', 'queue'));
});

test('threads get consecutive points that share a baseline', () => {
  const g = sweepGrid({ kcompressd: [1, 2, 4, 8], cpus: [4, 8] });
  const s = shares(g, 2);
  assert.equal(s.length, 2);
  assert.deepEqual(s.flat().sort((a, b) => a - b), [...g.keys()]);
  for (const share of s) assert.equal(new Set(share.map((i) => baselineKey(g[i]))).size, 1, 'one baseline per thread');
  assert.equal(shares(g, 64).length, g.length, 'never more threads than points');
});

test('a sweep reuses the baseline yet gives each point the figures of its own replay', async () => {
  const cap = syntheticCapture({ seconds: 6, demandPagesPerS: 40_000, initialFreePages: 110_000 });
  const grid = sweepGrid({ kcompressd: [1, 4], queue: [1, 4096] }, { profile: 'x86-vm', cpus: 2 });
  const seen: number[] = [];
  const { points } = await sweepCapture(cap, grid, { onPoint: (i) => seen.push(i) });
  assert.deepEqual(seen, [0, 1, 2, 3]);
  for (let i = 0; i < grid.length; i++) {
    const alone = sweepPoint(await replay(cap, grid[i]));
    assert.deepEqual(points[i], alone, `point ${i} differs from its replay on its own`);
    assert.deepEqual([points[i].options.kcompressd, points[i].options.queue, points[i].options.cpus], [grid[i].kcompressd, grid[i].queue, 2]);
  }
  // A one-entry FIFO fills where a 4096-entry one does not.
  const small = points.find((p) => p.options.kcompressd === 1 && p.options.queue === 1)!;
  const big = points.find((p) => p.options.kcompressd === 1 && p.options.queue === 4096)!;
  assert.ok((small.fallbackSyncPct ?? 0) > (big.fallbackSyncPct ?? 0), `fallbacks ${small.fallbackSyncPct} vs ${big.fallbackSyncPct}`);
});

test('the limiting factor names saturated CPUs, full FIFOs, or the demand', () => {
  const r = fakeResult(0);
  const k = r.kcompressd;
  Object.assign(k, { workerBusyPct: [95, 94], kswapdCpuPct: 90, fallbackSyncPct: 20 });
  assert.equal(limitingFactor(r, 2).limit, 'cpu-bound', 'kswapd + 2 workers on 2 CPUs');
  Object.assign(k, { workerBusyPct: [40, 10], kswapdCpuPct: 60 });
  assert.equal(limitingFactor(r, 8).limit, 'fifo-full');
  Object.assign(k, { fallbackSyncPct: 0.5 });
  assert.match(JSON.stringify(limitingFactor(r, 8)), /demand-bound/);
  const p = sweepPoint(r, 8);
  assert.equal(p.speedup, 2.4);
  const [b, k2] = [r.baseline.allocstalls as number, r.kcompressd.allocstalls as number];
  assert.equal(p.allocstallChangePct, Math.round(((k2 - b) / b) * 1000) / 10);
  assert.deepEqual(p.workerBusyPct, { max: 40, mean: 25 });
});

test('the CSV has a header naming the capture and one row per point, empty cells for unavailable figures', () => {
  const r = fakeResult(0);
  const p = sweepPoint(r, 4);
  const csv = sweepToCsv({ capture: '/c/demo', points: [p, { ...p, speedup: null, why: 'a, "quoted" reason' }] });
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines[1], '# capture: /c/demo');
  const header = lines[3].split(',');
  assert.equal(lines.length, 6);
  const row = lines[5];
  assert.ok(row.endsWith('"a, ""quoted"" reason"'), row);
  assert.equal(row.split(',')[header.indexOf('speedup')], '');
  assert.equal(lines[4].split(',')[header.indexOf('speedup')], '2.4');
});

// The bundled demo capture, when the repo is checked out whole.
const demo = join(__dirname, '../../../captures/demo');
// The demo's bursty workload is demand-bound: kcompressd cannot reclaim more than the tasks need, and folios left
// under writeback are freed a little later, so a point may come out slightly below 1.
test('a sweep of the demo capture: one point per grid cell, speed-up near or above 1 with kcompressd', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const { loadCapture } = await import('../capture/loadCapture');
  const cap = await loadCapture(demo);
  const grid = sweepGrid({ kcompressd: [1, 4], cpus: [2, 8] });
  const { points } = await sweepCapture(cap, grid);
  assert.equal(points.length, 4);
  for (const p of points) {
    assert.ok(p.speedup !== null && p.speedup >= 0.9, `speed-up ${p.speedup}`);
    assert.ok(['cpu-bound', 'fifo-full', 'demand-bound', 'slower'].includes(p.limit));
    assert.equal(p.limit === 'slower', p.speedup < 1, `${p.limit} at ×${p.speedup}`);
  }
});

test('sweep points on different CPU counts get their own baselines (the capture\'s other load spread over the cores)', async () => {
  const cap = syntheticCapture({ seconds: 6, demandPagesPerS: 60_000, initialFreePages: 110_000 });
  // kswapd ran 78.9 % of the time it was runnable on x86-vm's 2 cores.
  cap.taskCpu = [{ source: 'synthetic/kswapd_cpu', comm: 'kswapd0', times: Float64Array.of(100, 106), sumExecNs: Float64Array.of(0, 4.734e9), runDelayNs: Float64Array.of(0, 1.266e9) }];
  const grid = sweepGrid({ kcompressd: [1], cpus: [2, 4] }, { profile: 'x86-vm' });
  assert.notEqual(baselineKey(grid[0]), baselineKey(grid[1]));
  const { points } = await sweepCapture(cap, grid);
  const [two, four] = [2, 4].map((c) => points.find((p) => p.options.cpus === c)!);
  assert.ok((four.kswapdCpuPct.baseline ?? 0) > (two.kswapdCpuPct.baseline ?? 0) + 5, `baseline kswapd CPU % ${two.kswapdCpuPct.baseline} on 2 → ${four.kswapdCpuPct.baseline} on 4`);
  assert.notEqual(four.pgstealAnonPerS.baseline, two.pgstealAnonPerS.baseline);
});

test('reclaimers using all the CPU the capture\'s other load leaves them are cpu-bound, not demand-bound', () => {
  const r = fakeResult(0);
  // captures/A: kswapd ran 78.9 % of the time it was runnable; one worker on one CPU.
  Object.assign(r, { availability: 0.789 });
  Object.assign(r.kcompressd, { workerBusyPct: [20.6], kswapdCpuPct: 58.3, fallbackSyncPct: 0 });
  const f = limitingFactor(r, 1);
  assert.equal(f.limit, 'cpu-bound', f.why);
  assert.match(f.why, /of 78\.9 % available .*other load leaves 78\.9 % of each core/);
  Object.assign(r, { availability: 1 });
  assert.equal(limitingFactor(r, 1).limit, 'demand-bound');
});

test('kswapd, one thread, near the share of a core the other load leaves it is cpu-bound however many cores are idle', () => {
  const r = fakeResult(0);
  // captures/demo: kswapd ran 96.7 % of the time it was runnable; mm left kswapd at 94.6 % of a core.
  Object.assign(r, { availability: 0.967 });
  Object.assign(r.kcompressd, { workerBusyPct: [33.8], kswapdCpuPct: 94.6, fallbackSyncPct: 0 });
  const f = limitingFactor(r, 4);
  assert.equal(f.limit, 'cpu-bound', f.why);
  assert.match(f.why, /kswapd \(one thread\) uses 94\.6 % of the 96\.7 % of a core/);
  Object.assign(r.kcompressd, { kswapdCpuPct: 60 });
  assert.equal(limitingFactor(r, 4).limit, 'demand-bound');
});

test('a point where kcompressd reclaims slower is never demand-bound: it says what made it slower', () => {
  const r = fakeResult(0);
  Object.assign(r.kcompressd, { workerBusyPct: [33.8], kswapdCpuPct: 50, fallbackSyncPct: 0,
    limitedBy: ['slower: pgsteal_anon/s ×0.67 with kcompressd: reclaimers scanned 2.10 → 3.96 anon folios per page stolen'] });
  r.speedup.pgstealAnonPerS = 0.67;
  const f = limitingFactor(r, 4);
  assert.equal(f.limit, 'slower');
  assert.match(f.why, /×0\.67 .*2\.10 → 3\.96 anon folios per page stolen/);
  assert.doesNotMatch(f.why, /keeps up with the demand/);
});

test('a point where kswapd wrote no page to zram is not-engaged, with the replay\'s reason, never demand-bound', () => {
  const r = fakeResult(0);
  // B_memcg_lz4: memcg reclaim compresses in the tasks' context; kswapd never queued a page.
  const none = { unavailable: 'kswapd wrote no page to zram in the replay' };
  Object.assign(r.kcompressd, {
    workerBusyPct: [0], kswapdCpuPct: 0, queuedPct: none, fallbackSyncPct: none,
    limitedBy: ['no bound applies: kcompressd never engaged, kswapd wrote no page to zram in the replay (reclaim ran in the tasks\' context: 0 allocstalls, 20,557 memcg reclaim calls, which compress synchronously)'],
  });
  const f = limitingFactor(r, 2);
  assert.equal(f.limit, 'not-engaged');
  assert.match(f.why, /^kcompressd never engaged.*20,557 memcg reclaim calls/);
  Object.assign(r.kcompressd, { queuedPct: 0.5 });
  assert.notEqual(limitingFactor(r, 2).limit, 'not-engaged', 'a single queued page engages it');
});

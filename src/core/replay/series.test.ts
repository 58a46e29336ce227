// The series behind the kcompressd chart: one busy series per worker (each a share of one CPU), the deepest single
// FIFO against the per-worker size, and no invented zram ratio before anything is stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveOptions } from './options';
import { replay, WORKER_BUSY_PREFIX } from './replay';
import { syntheticCapture } from './testing/syntheticCapture';
import { assertAgree } from '../testing/agree';

test('per-worker busy stays within one CPU and the deepest FIFO within the per-worker size', async () => {
  const cap = syntheticCapture({ seconds: 8, demandPagesPerS: 40_000, initialFreePages: 110_000 });
  const queue = 64;
  const r = await replay(cap, resolveOptions({ profile: 'x86-vm', kcompressd: 3, queue, cpus: 2, series: true }));
  const s = r.series!;
  const workers = Object.keys(s.kcompressd).filter((k) => k.startsWith(WORKER_BUSY_PREFIX));
  assert.equal(workers.length, 3);
  for (const k of workers) {
    const max = Math.max(...s.kcompressd[k]);
    assert.ok(max <= 100 + 1e-9, `${k} reaches ${max} %`);
  }
  // The total is the sum of the workers' series, bin by bin.
  for (let i = 0; i < s.t.length; i++) {
    const sum = workers.reduce((a, k) => a + s.kcompressd[k][i], 0);
    assert.ok(Math.abs(sum - s.kcompressd.kcompressdBusyPct[i]) < 1e-6, `bin ${i}: ${sum} vs ${s.kcompressd.kcompressdBusyPct[i]}`);
  }
  assert.ok(Math.max(...s.kcompressd.fifoDeepest) <= queue, `deepest FIFO ${Math.max(...s.kcompressd.fifoDeepest)} > ${queue}`);
  assert.ok(Math.max(...s.kcompressd.fifoDeepest) > 0, 'the FIFOs were used');
  const hw = r.kcompressd.workerFifoHighWater!;
  assert.equal(hw.length, 3);
  assert.ok(hw.every((v) => v <= queue), `per-worker high water ${hw}`);
  assert.equal(Object.keys(s.baseline).some((k) => k.startsWith(WORKER_BUSY_PREFIX)), false, 'the baseline has no workers');
  for (const v of s.kcompressd.zramRatio) assert.ok(Number.isNaN(v) || v >= 1, `zram ratio ${v}`);
  assert.equal(s.origin?.clock, cap.clock);
});

test('a memcg replay has memcg reclaim ms and reclaimer CPU series that add up to its figures over its window', async () => {
  const cap = syntheticCapture({ seconds: 20, demandPagesPerS: 0, memcgPagesPerS: 20_000 });
  const r = await replay(cap, resolveOptions({ profile: 'x86-vm', cpus: 2, series: true }));
  const s = r.series!;
  const w = r.window!;
  const binS = s.t[1] - s.t[0];
  const [b0, b1] = [Math.round(w.startS / binS), Math.round(w.endS / binS)];
  const over = (a: Float64Array) => a.slice(b0, b1).reduce((x, y) => x + y, 0);
  for (const scenario of ['baseline', 'kcompressd'] as const) {
    const f = r[scenario];
    assert.ok(typeof f.memcgReclaimMs === 'number' && f.memcgReclaimMs > 0, `${scenario}: memcg reclaim ${JSON.stringify(f.memcgReclaimMs)}`);
    assertAgree(over(s[scenario].memcgReclaimMs), f.memcgReclaimMs as number, 1, `${scenario}: simulated memcg reclaim, the series summed over the window against the table's figure`);
    const meanPct = over(s[scenario].reclaimerCpuPct) / (b1 - b0);
    assertAgree(meanPct, f.reclaimerCpuPct as number, 0.5, `${scenario}: reclaimer CPU %, the series' mean against the table's figure`);
  }
});

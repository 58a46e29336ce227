// Whether two captures make a kcompressd before/after pair: the after's kcompressd thread, the algorithm, MemTotal
// and CPU count (trial 3: demo --measured-after bursty_lzorle compared lz4 with lzo-rle, no kcompressd, silently).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { attachMeasuredAfter, formatMeasuredAfter } from '../lab/measuredAfter';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { assertWarning, codesOf } from '../testing/warnings';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { compareCaptures } from './compare';
import { measuredAfterRows } from '../../shared/fidelity';
import { afterWithoutKcompressd, notATest, pairWarnings, reclaimKind } from './pairChecks';

const captures = join(__dirname, '..', '..', '..', 'captures');
const withMemTotal = (c: Capture, kb: number, algorithm?: string): Capture => {
  c.meminfo = { source: 'meminfo.txt', times: new Float64Array([0]), columns: new Map([['MemTotal', new Float64Array([kb])]]) } as Capture['meminfo'];
  if (algorithm) c.compAlgorithm = algorithm;
  return c;
};

test('the same algorithm, memory and CPUs: no pair warning', () => {
  const a = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_000_000, 'lz4');
  const b = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_100_000, 'lz4');
  assert.deepEqual(pairWarnings(a, b), []);
});

test('another algorithm, another MemTotal, another CPU count: each warned, naming both values', () => {
  const a = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_000_000, 'lz4');
  const b = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 8_000_000, 'zstd');
  const w = pairWarnings(a, b);
  assert.match(assertWarning(w, 'pair.algorithm-differs').message, /with lz4, .* with zstd/);
  assert.match(assertWarning(w, 'pair.memory-differs').message, /MemTotal 3906 MiB before, 7812 MiB after/);
  b.trace = { ...(b.trace ?? {}), cpus: 8 } as Capture['trace'];
  a.trace = { ...(a.trace ?? {}), cpus: 2 } as Capture['trace'];
  assert.ok(pairWarnings(a, b).some((x) => /2 CPUs traced before, 8 after/.test(x.message)));
});

test('an unrecorded algorithm is taken as lz4 (as the replay does) and said so', () => {
  const a = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_000_000);
  const b = withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_000_000, 'lzo-rle');
  assert.match(assertWarning(pairWarnings(a, b), 'pair.algorithm-differs').message, /lz4 \(not recorded: lz4 assumed\)/);
  assert.deepEqual(pairWarnings(a, withMemTotal(syntheticCapture({ seconds: 2, demandPagesPerS: 0 }), 4_000_000, 'lz4')), []);
});

/** A capture whose pgalloc_normal rises by `pagesPerS` each second for `seconds`. */
const allocating = (seconds: number, pagesPerS: number): Capture => {
  const c = syntheticCapture({ seconds, demandPagesPerS: 0 });
  c.vmstat!.columns.set('pgalloc_normal', c.vmstat!.times.map((t) => 1e6 + t * pagesPerS));
  return c;
};

test('pair.workload-differs: memory allocated more than ×2 apart (either way), with both amounts; ×1.9 is the same workload', () => {
  const before = allocating(10, 25_600); // 1,000 MiB
  assert.deepEqual(pairWarnings(before, allocating(10, 25_600 * 1.9)), []);
  const m = assertWarning(pairWarnings(before, allocating(10, 25_600 * 2.1)), 'pair.workload-differs').message;
  assert.match(m, /before capture allocated 1,000 MiB over 10\.0 s .*, the after 2,100 MiB over 10\.0 s .*×2\.1 apart, more than ×2/);
  assertWarning(pairWarnings(allocating(10, 25_600 * 2.1), before), 'pair.workload-differs');
  // A counter reset (a reboot, a wrapped counter) costs one step, not a negative total.
  const reset = allocating(10, 25_600);
  const col = reset.vmstat!.columns.get('pgalloc_normal')!;
  for (let i = col.length >> 1; i < col.length; i++) col[i] -= 1e6;
  assert.deepEqual(pairWarnings(before, reset), []);
  assertWarning(pairWarnings(reset, allocating(10, 25_600 * 2.1)), 'pair.workload-differs');
});

test('demo → bursty_lzorle: compare and --measured-after warn (no kcompressd, lz4 vs lzo-rle); the lab pair does not', async () => {
  const [demo, bursty, base, kc] = await Promise.all(['demo', 'bursty_lzorle', 'lab/steady-mm-baseline', 'lab/steady-mm-kcompressd'].map((n) => loadCapture(join(captures, n))));
  assertWarning(compareCaptures(demo, bursty).warnings, 'pair.algorithm-differs');
  const m = attachMeasuredAfter(fakeResult(0), bursty, demo);
  assertWarning(m.warnings, 'pair.after-no-kcompressd', { file: 'bursty_lzorle' });
  assertWarning(m.warnings, 'pair.algorithm-differs');
  // demo allocates 5,278 MiB, bursty_lzorle 21,141 MiB (trial4 #8: an unrelated after gave ✓ rows unwarned).
  assert.match(assertWarning(m.warnings, 'pair.workload-differs').message, /allocated 5,278 MiB over 35\.0 s \(reclaim window 11\.6 s\), the after 21,141 MiB over 49\.9 s .*×4\.0 apart/);
  assert.equal(afterWithoutKcompressd(kc), undefined);
  const lab = codesOf(attachMeasuredAfter(fakeResult(0), kc, base).warnings);
  assert.ok(!lab.some((c) => c.startsWith('pair.')), `lab pair warned: ${lab.join(', ')}`);
});

test('the measured-after zram ratio is the fitted corpus: marked "fit, not a test", never a pass or a miss in the verdict', async () => {
  const [base, kc] = await Promise.all(['lab/steady-mm-baseline', 'lab/steady-mm-kcompressd'].map((n) => loadCapture(join(captures, n))));
  const r = fakeResult(0);
  r.kcompressd = { ...r.kcompressd, zramRatio: 9.9 };
  const m = attachMeasuredAfter(r, kc, base);
  assert.equal(m.measuredAfter?.zramRatio?.fitted, true);
  const row = measuredAfterRows(m).find((x) => x.key === 'zramRatio');
  assert.equal(row?.mark, 'fit, not a test');
  assert.equal(row?.miss, false);
  assert.doesNotMatch(m.verdict?.text ?? '', /zram ratio/);
});

// trial4: demo --measured-after A warned pair.workload-differs (×3.3) yet kept "✓ within ±10 %" on kswapd CPU and
// the verdict said the prediction "misses" A — figures of another workload test nothing of the prediction.
test('with another workload as the after (demo → bursty_lzorle, ×4.0) no after-row passes or misses; the table and verdict say why', async () => {
  const [demo, bursty, base, kc] = await Promise.all(['demo', 'bursty_lzorle', 'lab/steady-mm-baseline', 'lab/steady-mm-kcompressd'].map((n) => loadCapture(join(captures, n))));
  const m = attachMeasuredAfter(fakeResult(0), bursty, demo);
  const rows = Object.values(m.measuredAfter ?? {});
  assert.ok(rows.length >= 3, `${rows.length} rows`);
  for (const row of rows) assert.match(row?.notATest ?? '', /different workloads: they allocated ×4\.0 apart, more than ×2 \[pair\.workload-differs\]/);
  const shown = measuredAfterRows(m);
  assert.deepEqual([...new Set(shown.map((r) => r.mark))], ['not a test: another workload']);
  assert.ok(shown.every((r) => !r.miss));
  const text = formatMeasuredAfter({ capture: m.measuredAfterCapture!, rows: m.measuredAfter!, missing: m.measuredAfterMissing! });
  assert.doesNotMatch(text, /✓|✗/);
  assert.match(text, /^  not a test: the two captures ran different workloads: .*say nothing of the prediction$/m);
  assert.match(m.verdict?.text ?? '', /bursty_lzorle does not test the kcompressd prediction: the two captures ran different workloads/);
  assert.doesNotMatch(m.verdict?.text ?? '', /prediction (matches|misses)/);
  assert.match(JSON.stringify(m.measuredAfter), /"notATest":"the two captures ran different workloads/);
  // The same workload keeps its marks.
  const lab = attachMeasuredAfter(fakeResult(0), kc, base);
  assert.ok(Object.values(lab.measuredAfter ?? {}).every((r) => r?.notATest === undefined));
  assert.ok(measuredAfterRows(lab).some((r) => /^[✓✗]/.test(r.mark)));
});

// trial5 #3: demo --measured-after demo warned pair.after-no-kcompressd yet graded ✓/✗ and the verdict said the
// prediction "misses" demo — an after without kcompressd may be today's kernel again, no test of the prediction.
test('an after without a kcompressd thread (demo → demo): no after-row passes or misses; the table and verdict say why', async () => {
  const demo = await loadCapture(join(captures, 'demo'));
  const m = attachMeasuredAfter(fakeResult(0), demo, demo);
  assert.ok(codesOf(m.warnings).includes('pair.after-no-kcompressd'));
  const rows = Object.values(m.measuredAfter ?? {});
  assert.ok(rows.length >= 3, `${rows.length} rows`);
  for (const row of rows) assert.match(row?.notATest ?? '', /shows no kcompressd thread .*today's kernel on another run \[pair\.after-no-kcompressd\]$/);
  const shown = measuredAfterRows(m);
  assert.deepEqual([...new Set(shown.map((r) => r.mark))], ['not a test: no kcompressd in the after']);
  const text = formatMeasuredAfter({ capture: m.measuredAfterCapture!, rows: m.measuredAfter!, missing: m.measuredAfterMissing! });
  assert.doesNotMatch(text, /✓|✗/);
  assert.match(text, /^  not a test: the after capture shows no kcompressd thread .*say nothing of the prediction$/m);
  assert.match(m.verdict?.text ?? '', /demo does not test the kcompressd prediction: the after capture shows no kcompressd thread/);
  assert.doesNotMatch(m.verdict?.text ?? '', /prediction (matches|misses)/);
});

// trial5 #2: compare A B (kswapd reclaim vs a memcg at its 512 MiB limit) allocated ×1.7 apart (the VM's other jobs
// dominate pgalloc) and said nothing: a change of reclaim kind is another setup, whatever the allocations.
test('pair.workload-differs: one capture reclaimed in a memcg, the other globally; the same kind does not warn', () => {
  const stealing = (kswapd: number, memcg: number) => {
    const c = allocating(10, 25_600);
    const v = c.vmstat!;
    const ramp = (perSample: number) => Float64Array.from(v.times, (_, i) => i * perSample);
    v.columns.set('pgsteal_kswapd', ramp(kswapd));
    v.columns.set('pgsteal_direct', ramp(0));
    v.columns.set('pgsteal_anon', ramp(kswapd + memcg));
    v.columns.set('pgsteal_file', ramp(0));
    return c;
  };
  const [global, memcg] = [stealing(1000, 0), stealing(0, 800)];
  assert.equal(reclaimKind(global)?.kind, 'global');
  assert.equal(reclaimKind(memcg)?.kind, 'memcg');
  const m = assertWarning(pairWarnings(global, memcg), 'pair.workload-differs').message;
  assert.match(m, /before capture's reclaim was global reclaim \(kswapd, direct\) \(0 % .*the after's memcg reclaim \(100 %/);
  assertWarning(pairWarnings(memcg, global), 'pair.workload-differs');
  assert.ok(!pairWarnings(global, stealing(900, 100)).some((w) => w.code === 'pair.workload-differs'), 'both mostly global: the same kind');
  assert.match(notATest(memcg, global) ?? '', /different workloads: one reclaimed in a memcg at its limit, the other globally \[pair\.workload-differs\]/);
});

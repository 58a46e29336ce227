// Whether two captures make a kcompressd before/after pair: the after's kcompressd thread, the algorithm, MemTotal
// and CPU count (trial 3: demo --measured-after bursty_lzorle compared lz4 with lzo-rle, no kcompressd, silently).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { attachMeasuredAfter } from '../lab/measuredAfter';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { assertWarning, codesOf } from '../testing/warnings';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { compareCaptures } from './compare';
import { measuredAfterRows } from '../../shared/fidelity';
import { afterWithoutKcompressd, pairWarnings } from './pairChecks';

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

test('demo → bursty_lzorle: compare and --measured-after warn (no kcompressd, lz4 vs lzo-rle); the lab pair does not', async () => {
  const [demo, bursty, base, kc] = await Promise.all(['demo', 'bursty_lzorle', 'lab/steady-mm-baseline', 'lab/steady-mm-kcompressd'].map((n) => loadCapture(join(captures, n))));
  assertWarning(compareCaptures(demo, bursty).warnings, 'pair.algorithm-differs');
  const m = attachMeasuredAfter(fakeResult(0), bursty, demo);
  assertWarning(m.warnings, 'pair.after-no-kcompressd', { file: 'bursty_lzorle' });
  assertWarning(m.warnings, 'pair.algorithm-differs');
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

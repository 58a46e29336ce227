// The replay's text summary: the headline says which columns are simulated, what the device measured and over
// which span; a reclaimer CPU above one core says it is a sum over threads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSummary, replayedLine, replayOptionsFrom, toJson } from './replayCommand';
import { fakeResult } from '../../test/fixtures/fakeResult';
import { headlineFidelity } from '../core/replay/fidelity';
import { formatMeasuredAfter } from '../core/lab/measuredAfter';
import { warning } from '../core/warnings';
import { binWindow, swapOutSpanS } from '../core/replay/scenarioFigures';
import type { ScenarioOutput } from '../core/model/simulation';

test('the headline labels simulated columns, shows the measured figure and the span it covers', () => {
  const r = fakeResult(0, { measured: { pgstealAnonPerS: 2462 }, window: { kind: 'capture', startS: 10, endS: 70 },
    validation: { mode: 'split', calibrationS: [10, 40], compareS: [40, 70], profileName: 'first half', note: 'split' } });
  const text = formatSummary(r);
  const header = text.split('\n').find((l) => l.includes('figure') && l.includes('×'))!;
  assert.match(header, /measured\s+simulated today\s+simulated kcompressd/);
  assert.doesNotMatch(header, /baseline/);
  assert.match(text, /pgsteal_anon\/s\s+2,462\s+300,000\s+720,000\s+2\.40/);
  assert.match(text, /figures over the capture's reclaim window 10\.0–70\.0 s \(the fidelity table compares 40\.0–70\.0 s\)/);
});

test('a reclaimer CPU above 100 % says it is summed over threads', () => {
  const base = fakeResult(0);
  const r = fakeResult(0, { kcompressd: { ...base.kcompressd, reclaimerCpuPct: 114.1 } });
  assert.match(formatSummary(r), /reclaimer CPU %: % of one CPU, summed over kswapd, the kcompressd workers and the tasks in direct\/memcg reclaim/);
  assert.doesNotMatch(formatSummary(base), /summed over/);
});

test('headline figures keep their row\'s decimals (1.970, not 1.97)', () => {
  const base = fakeResult(0);
  assert.match(formatSummary(fakeResult(0, { baseline: { ...base.baseline, zramRatio: 1.97 } })), /zram ratio\s+1\.970/);
});

test('a figure the capture did not measure shows n/a in the measured column and its reason under the table', () => {
  const why = 'the trace covers 7.6 s of the 20.3 s window (14.4–22.0 s since the first vmstat sample, as the window above; ftrace.ends-early)';
  const text = formatSummary(fakeResult(0, { measured: { pgstealAnonPerS: 2462, directReclaimMs: { unavailable: why } } }));
  assert.match(text, /direct reclaim ms\s+n\/a\s/);
  assert.ok(text.includes(`  measured n/a:\n    direct reclaim ms: ${why}`), text);
});

test('the kcompressd block says its FIFO counts span the whole replay and busy % the headline\'s window', () => {
  const r = fakeResult(0, { window: { kind: 'capture', startS: 10, endS: 70 } });
  const text = formatSummary(r);
  assert.match(text, new RegExp(`kcompressd, over the whole replay \\(0–${r.simulatedS.toFixed(1)} s\\): queued`));
  assert.match(text, /^  workers over the headline's window \(10\.0–70\.0 s\): busy % [\d./ ]+; pages compressed [\d,/ ]+; compression µs per page /m);
});

test('the last line counts the model runs the time paid for: three fresh, one with today\'s kernel cached', () => {
  assert.equal(replayedLine({ ...fakeResult(0), simulatedS: 35, elapsedMs: 1277, runs: ['today', 'kcompressd', 'validation'] }),
    "Replayed 35.0 s three times (today's kernel, kcompressd, validation) in 1,277 ms", "trial12 #7: thousands separated as every count");
  assert.equal(replayedLine({ ...fakeResult(0), simulatedS: 35, elapsedMs: 300, runs: ['kcompressd'] }),
    "Replayed 35.0 s once (kcompressd; today's kernel from the cache) in 300 ms");
  assert.doesNotMatch(formatSummary({ ...fakeResult(0), runs: ['today', 'kcompressd', 'validation'] }), /twice/);
});

test('a simulated n/a keeps the columns: n/a in the cells, its reason once under the table (fault 16)', () => {
  const why = { unavailable: "no page reached zram in the replay's window" };
  const base = fakeResult(0);
  const text = formatSummary(fakeResult(0, { baseline: { ...base.baseline, zramRatio: why }, kcompressd: { ...base.kcompressd, zramRatio: why } }));
  const header = text.split('\n').find((l) => l.includes('simulated kcompressd'))!;
  const row = text.split('\n').find((l) => l.startsWith('  zram ratio'))!;
  assert.match(row, /^\s+zram ratio\s+n\/a\s+n\/a\s*$/);
  assert.ok(row.trimEnd().length <= header.trimEnd().length, `${row}\n${header}`);
  assert.ok(text.includes(`  simulated n/a:\n    zram ratio (both): ${why.unavailable}`), text);
});

test('a small fractional figure gets two significant digits beside its ×: 1.0 → 1.2, not 1 → 1', () => {
  const base = fakeResult(0);
  const text = formatSummary(fakeResult(0, { baseline: { ...base.baseline, zramMemUsedMiB: 1.01 }, kcompressd: { ...base.kcompressd, zramMemUsedMiB: 1.212 } }));
  assert.match(text, /zram mem_used MiB\s+1\.0\s+1\.2\s/);
  assert.match(formatSummary(fakeResult(0)), /pgsteal_anon\/s\s+300,000\s+720,000\s/);
});

test('the own-window rates say they are context and the headline × is the prediction (trial5 #13)', () => {
  const base = fakeResult(0, { window: { kind: 'capture', startS: 10, endS: 70 } });
  const r = { ...base, ownWindow: { baseline: base.baseline, kcompressd: base.kcompressd, spansS: { baseline: [10, 60] as [number, number], kcompressd: [10, 40] as [number, number] } } };
  const line = formatSummary(r).split('\n').find((l) => l.includes('over their own swap-out windows'))!;
  assert.match(line, /\(10\.0–60\.0 s and 10\.0–40\.0 s\): pgsteal_anon\/s 300,000 → 720,000 \(how fast each swaps out while it does; the prediction is the headline's × over the capture's window/);
  assert.doesNotMatch(formatSummary(base), /own swap-out windows/);
});

test('the header says the compress share is the per-page costs on this capture\'s page mix, not calibrate\'s measured share (trial5 #6)', () => {
  const first = formatSummary(fakeResult(0)).split('\n').find((l) => l.startsWith('Replay of'))!;
  assert.match(first, /compress share [\d.]+ \(the profile's per-page costs on this capture's page mix\)$/);
});

// trial5 #4: a window edge not exercised because the replay swapped nothing out says so under its row.
test('a row not exercised prints its reason when it has one', () => {
  const base = fakeResult(0);
  const why = 'the replay swapped out no page: it has no reclaim window to compare with the capture\'s';
  const r = fakeResult(0, { fidelity: { ...base.fidelity, windowStartS: { observed: 0, simulated: 0, errorPct: 0, basis: 'predicted', notExercised: true, why } } });
  assert.match(formatSummary(r), /window start s .*not exercised\n\s+why: the replay swapped out no page/);
});

test('a worker that compressed no page is idle in the µs-per-page list, not 0.0 (trial5 #5)', () => {
  const base = fakeResult(0);
  const k = { ...base.kcompressd, workerBusyPct: [26, 0], workerPages: [359_349, 0], workerUsPerPage: [8.5, 0] };
  assert.match(formatSummary({ ...base, kcompressd: k }), /compression µs per page 8\.5 \/ idle/);
});

// trial3 #21 / trial5 #10: A's headline min free read 3,082.8 measured vs 2,389.8 simulated today (−22.5 %) with no
// mark, while every fidelity row carries its basis and mark. The headline grades today against measured by the
// table's rules: the basis the whole-window table gives the figure (fitted: the profile was calibrated on it), the
// same marks.
test('the headline grades simulated today against measured as the fidelity table grades a row', () => {
  const base = fakeResult(0);
  const today = { ...base.baseline, minFreeMiB: 2389.8, pgstealAnonPerS: 26696, kswapdCpuPct: 73.8, allocstalls: 0 };
  const measured = { minFreeMiB: 3082.8, pgstealAnonPerS: 28565, kswapdCpuPct: 78.8, allocstalls: 0, allocstallsPerGiB: { unavailable: 'not counted' } };
  const whole = { pgstealAnonPerS: { observed: 1, simulated: 1, errorPct: 0, basis: 'input' as const, followsDemand: true } };
  const fitted = headlineFidelity(measured, today, whole, 'fitted');
  assert.deepEqual(fitted.minFreeMiB, { observed: 3082.8, simulated: 2389.8, errorPct: -22.5, basis: 'fitted', fitFailed: true });
  assert.equal(fitted.pgstealAnonPerS?.basis, 'input', 'the whole-window table\'s basis for the figure');
  assert.equal(fitted.allocstalls?.notExercised, true);
  assert.equal(fitted.allocstallsPerGiB, undefined, 'no measured figure: nothing to grade');
  assert.equal(headlineFidelity(measured, today, {}, 'predicted').minFreeMiB?.mark, 'miss');
  const text = formatSummary(fakeResult(0, { measured, baseline: today, headlineFidelity: fitted, window: { kind: 'capture', startS: 10, endS: 70 } }));
  assert.match(text, /^  figure .*×\s+error %$/m);
  assert.match(text, /^  min free MiB\s+3,082\.8\s+2,389\.8\s.*\s-22\.5  fit failed: off by more than 10 %, not a test$/m);
  assert.match(text, /^  kswapd CPU %\s+78\.8\s+73\.8\s.*\s-6\.3  fit, not a test$/m);
  assert.match(text, /^  pgsteal_anon\/s .* -6\.5  follows the replayed demand, not a test$/m);
  assert.match(text, /^  allocstalls .*not exercised  not exercised$/m);
  assert.match(text, /^  error %: simulated today against measured over the same window, graded as the fidelity table grades its rows \(fitted: .*; input: /m);
});

// trial12 #12: --measured-after's table came last, below the warnings' "… 25 more (see --json)".
test('the predicted-vs-measured table follows the headline table, before the kcompressd detail, fidelity and warnings', () => {
  const warnings = Array.from({ length: 12 }, (_, i) => warning('capture.other-source', `file ${i} not used`, `/cap/f${i}.txt`));
  const after = formatMeasuredAfter({ capture: '/cap-after', rows: { pgstealAnonPerS: { predicted: 5000, measured: 5200, errorPct: -3.8 } }, missing: [] });
  const text = formatSummary(fakeResult(0, { measured: { pgstealAnonPerS: 2462 }, warnings }), after);
  const at = (s: string) => text.indexOf(s);
  const table = at('Predicted vs measured with kcompressd (/cap-after)');
  assert.ok(table > at('simulated kcompressd') && table > at('× is simulated kcompressd ÷ simulated today'), text);
  assert.ok(table < at('kcompressd, over the whole replay') && at('kcompressd, over the whole replay') < at('more (see --json)'), text);
});

// trial12 #3: B's table read 14,848 pages/s and its own swap-out window 5.0–63.1 s 14,874 — the table's simulated
// columns sum whole 0.1 s bins, 5.0–63.2 s, over the 5.0–63.103 s window: the caption gives that span.
test('the headline caption gives the whole bins its simulated columns cover when they round the window out', () => {
  const at = (binsS: [number, number]) => formatSummary(fakeResult(0, { window: { kind: 'capture', startS: 5, endS: 63.103, binsS } }));
  assert.match(at([5, 63.2]), /figures over the capture's reclaim window 5\.0–63\.1 s, simulated over the model's whole bins 5\.0–63\.2 s[ ;]/);
  assert.doesNotMatch(at([5, 63.1]), /whole bins/);
});

test('the replay states the bins its headline columns sum over the capture\'s window: each edge at its nearest bin boundary', () => {
  const o = { binNs: 1e8, bins: 700, swapOut: new Float64Array(700) } as unknown as ScenarioOutput;
  assert.deepEqual(swapOutSpanS(o, binWindow(o, 5, 63.103)), [5, 63.1]);
  assert.deepEqual(swapOutSpanS(o, binWindow(o, 13.4, 24.98)), [13.4, 25]);
});

test('the JSON keeps 3 decimals of a series value: no share above a whole core from float noise, gaps stay null', () => {
  const r = fakeResult(0);
  const series = { t: Float64Array.from([0, 1, 2]), watermarks: { min: 1, low: 2, high: 3 },
    baseline: { kswapdCpuPct: Float64Array.from([100.00006864827728, -0.0000001, Number.NaN]), freePages: Float64Array.from([1791201.9593952498, 2, 3]) },
    kcompressd: {} };
  const json = JSON.parse(toJson({ ...r, series })) as { series: { baseline: Record<string, (number | null)[]> } };
  assert.deepEqual(json.series.baseline.kswapdCpuPct, [100, 0, null]);
  assert.deepEqual(json.series.baseline.freePages, [1791201.959, 2, 3]);
});

test('--kcompressd with --variant mm is refused with the reason (one kcompressd per node), 1 and v1 are accepted (trial13 F8)', () => {
  assert.throws(() => replayOptionsFrom({ variant: 'mm', kcompressd: '2' }, false), /--kcompressd: does not apply to --variant mm: .*one kcompressd thread per node/);
  assert.equal(replayOptionsFrom({ variant: 'mm', kcompressd: '1' }, false).kcompressd, 1);
  assert.equal(replayOptionsFrom({ variant: 'mm' }, false).variant, 'mm');
  assert.equal(replayOptionsFrom({ variant: 'v1', kcompressd: '2' }, false).kcompressd, 2);
});

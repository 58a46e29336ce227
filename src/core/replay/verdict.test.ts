// The verdict line: it says "predicts" only when a reclaim rate was compared and held; every other case in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asLowerBound, fallbackReclaimRate, fidelityRow } from './fidelity';
import type { FidelityRow, ReplayResult, Validation } from './types';
import { verdict, withAfterCheck, withBeforeRanKcompressd } from './verdict';
import { warning } from '../warnings';
import { afterRow } from '../lab/measuredAfter';
import { fidelityRows, measuredAfterRows } from '../../shared/fidelity';

const split: Validation = { mode: 'split', calibrationS: [0, 30], compareS: [30, 60], profileName: 'first half', note: 'split' };

test('no reclaim rate compared: the verdict cannot test reclaim and never says "predicts" (faults 03–06, 12, 16)', () => {
  const rows: Record<string, FidelityRow> = {
    freePagesEnd: fidelityRow(13000, 12000, 'predicted'),
    minFreeMiB: fidelityRow(50, 46, 'predicted'),
  };
  const v = verdict(rows, split);
  assert.doesNotMatch(v.text, /predicts/);
  assert.match(v.text, /^Cannot test reclaim/);
  assert.equal(v.outcome, 'untested');
});

test('the capture reclaimed and the replay did not: "reclaim was not reproduced", with the device rate', () => {
  const rate = fallbackReclaimRate({ pgsteal_kswapd: 1000, pswpout: 1000 })!;
  assert.deepEqual(rate, { perS: 1000, source: 'pswpout' });
  assert.deepEqual(fallbackReclaimRate({ pgsteal_kswapd: 700, pgsteal_direct: 300 }), { perS: 1000, source: 'pgsteal_kswapd + pgsteal_direct' });
  assert.equal(fallbackReclaimRate({ pgscan_kswapd: 5 }), undefined);
  const rows = { reclaimPerS: fidelityRow(rate.perS, 0, 'predicted'), freePagesEnd: fidelityRow(13000, 12999, 'predicted') };
  const v = verdict(rows, split);
  assert.doesNotMatch(v.text, /predicts/);
  assert.match(v.text, /Reclaim was not reproduced .*device 1,000 pages\/s \(reclaim pages\/s\), replay 0/);
  assert.equal(v.outcome, 'miss');
});

test('a reclaim rate within the limit: "predicts"', () => {
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1040, 'predicted'), kswapdCpuPct: fidelityRow(50, 52, 'predicted') }, split);
  assert.match(v.text, /^Baseline predicts the held-out second half \(30–60 s\) within \+4\.0 % \(pgsteal_anon\/s\) and \+4\.0 % \(kswapd CPU %\)/);
  assert.equal(v.outcome, 'pass');
});

// trial5 #7: 'within 0.0 % (pgsteal_anon/s) and 4.0 % (kswapd CPU %)' for a -4.0 row, 'held: 5.8 %' for -5.8.
test('the verdict keeps the sign of each held error, as the table prints it', () => {
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), kswapdCpuPct: fidelityRow(50, 48, 'predicted') }, split);
  assert.match(v.text, /within 0\.0 % \(pgsteal_anon\/s\) and -4\.0 % \(kswapd CPU %\)\./);
  const miss = verdict({ pgstealAnonPerS: fidelityRow(1000, 2000, 'predicted'), kswapdCpuPct: fidelityRow(50, 47.1, 'predicted') }, split);
  assert.match(miss.text, /; held: -5\.8 % \(kswapd CPU %\) — treat/);
});

test('observed 0, simulated not: a miss in kind, never "+100 %"', () => {
  const r = fidelityRow(0, 1599, 'predicted');
  assert.equal(r.deviceZero, true);
  assert.equal(r.mark, 'miss');
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), allocstalls: r }, split);
  assert.match(v.text, /Also off .*: allocstalls \(device 0, replay 1,599\)/);
  assert.doesNotMatch(v.text, /100 %/);
  assert.deepEqual([v.outcome, v.alsoOff], ['pass', ['allocstalls']], 'a secondary row does not decide the outcome');
  const lost = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), kswapdCpuPct: fidelityRow(0, 12, 'predicted') }, split);
  assert.match(lost.text, /^Baseline misses .* on kswapd CPU % \(device 0, replay 12\)/);
  assert.equal(lost.outcome, 'miss');
});

test('a fitted row off by more than the limit is a failed fit, named in the verdict', () => {
  const bad = fidelityRow(79.8, 909, 'fitted');
  assert.equal(bad.fitFailed, true);
  assert.equal(bad.mark, undefined, 'a fit is still no test');
  assert.equal(fidelityRow(2.0, 2.1, 'fitted').fitFailed, undefined);
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), zramMemUsedMiB: bad }, split);
  assert.match(v.text, /fit to this capture failed for zram mem_used MiB by \+1039\.1 %/);
  assert.equal(v.outcome, 'pass', 'a secondary fit is named, the headline decides');
  const head = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), kswapdCpuPct: fidelityRow(40, 80, 'fitted') }, split);
  assert.match(head.text, /fit to this capture failed for kswapd CPU % by \+100\.0 %/);
  assert.equal(head.outcome, 'miss', 'a headline row\'s failed fit leaves nothing to trust');
});

test('no fidelity check says which reason applies', () => {
  assert.match(verdict({}, undefined, 'saturate').text, /--pressure saturate/);
  assert.match(verdict({}, undefined, 'no-window').text, /no reclaim window/);
  assert.doesNotMatch(verdict({}, undefined, 'no-window').text, /saturate/);
});

test('the verdict names the after-figures the kcompressd prediction misses, and a miss there is a miss overall', () => {
  const base = { text: 'Baseline predicts the whole reclaim window within 2.0 % (pgsteal_anon/s).', outcome: 'pass' as const };
  const rows = { pgstealAnonPerS: afterRow(3310.5, 5332.3), kswapdCpuPct: afterRow(48.91, 50), allocstalls: afterRow(615, 1056), zramRatio: afterRow(0, 0) };
  const v = withAfterCheck(base, rows, 'lab/after')!;
  assert.equal(v.outcome, 'miss');
  assert.equal(v.text, `${base.text} The kcompressd prediction misses lab/after: pgsteal_anon/s by +61.1 %, allocstalls by +71.7 % (limit ±10 %).`);
  const ok = withAfterCheck(base, { kswapdCpuPct: afterRow(48.91, 50) }, 'lab/after')!;
  assert.equal(ok.outcome, 'pass');
  assert.match(ok.text, /The kcompressd prediction matches lab\/after within ±10 % on the 1 figure compared\.$/);
  assert.equal(withAfterCheck(base, { zramRatio: afterRow(0, 0) }, 'lab/after'), base, 'nothing exercised: nothing to add');
});

test('a lower bound within the limit is no test: never a pass, named in the verdict; past +limit it stays a miss', () => {
  const end = fidelityRow(47.5, 50, 'predicted', { scale: 39, instant: true });
  assert.equal(end.mark, 'pass', 'the case under test: as an end it would pass');
  asLowerBound(end, 'still swapping out');
  assert.equal(end.mark, undefined);
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1040, 'predicted'), windowEndS: end }, split);
  assert.match(v.text, /within \+4\.0 % \(pgsteal_anon\/s\)\./);
  assert.doesNotMatch(v.text, /1 more predicted/);
  assert.match(v.text, /Only a lower bound, not a test: window end s \(the replay's reclaim did not end before the replay's end: ≥ 50\.0 s, ≥ 2\.5 s late\)/);
  const far = fidelityRow(25.1, 35.2, 'predicted', { scale: 11.7, instant: true });
  asLowerBound(far, 'still swapping out');
  assert.equal(far.mark, 'miss');
  const early = fidelityRow(40, 30, 'predicted', { scale: 20, instant: true });
  asLowerBound(early, 'still swapping out');
  assert.equal(early.mark, undefined, 'a bound below the observed end (−50 %) says nothing about the error either');
  const fit = fidelityRow(40, 30, 'fitted', { scale: 20, instant: true });
  asLowerBound(fit, 'still swapping out');
  assert.equal(fit.fitFailed, undefined);
});

test('kswapd CPU and the reclaimer CPU that is the same measurement (kswapd-only capture): named and counted once', () => {
  const rows = { pgstealAnonPerS: fidelityRow(1000, 1040, 'predicted'), kswapdCpuPct: fidelityRow(50, 58.5, 'predicted'), reclaimerCpuPct: fidelityRow(50, 58.5, 'predicted') };
  const v = verdict(rows, split);
  assert.match(v.text, /kswapd CPU % by \+17\.0 %/);
  assert.doesNotMatch(v.text, /reclaimer CPU %/);
  const own = verdict({ ...rows, reclaimerCpuPct: fidelityRow(60, 70.2, 'predicted') }, split);
  assert.match(own.text, /on kswapd CPU % by \+17\.0 % .*Also off .*: reclaimer CPU % by \+17\.0 %/, 'the tasks\' reclaim slices make it another figure');
});

test('replay.before-ran-kcompressd leads the verdict and makes it a miss even when the table passes; absent, the verdict stands', () => {
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1040, 'predicted') }, split);
  assert.equal(v.outcome, 'pass');
  const ran = warning('replay.before-ran-kcompressd', 'this capture already ran kcompressd (its kcompressd0 thread, the mm design)');
  const w = withBeforeRanKcompressd(v, ran)!;
  assert.equal(w.text, `Not a before: this capture already ran kcompressd (its kcompressd0 thread, the mm design) [replay.before-ran-kcompressd]. ${v.text}`);
  assert.equal(w.outcome, 'miss');
  assert.equal(withBeforeRanKcompressd(v, undefined), v);
});

/** The rows of trial 4's N (split 30–60 s): reclaim rate and kswapd CPU held, the per-zone and pool rows did not. */
const nRows = (): Record<string, FidelityRow> => ({
  pgstealAnonPerS: fidelityRow(10000, 10080, 'predicted'),
  pgscanAnonPerS: fidelityRow(30000, 31000, 'predicted'),
  kswapdCpuPct: fidelityRow(60, 59.6, 'predicted'),
  reclaimerCpuPct: fidelityRow(60, 59.6, 'predicted'),
  'freePagesEndByZone.DMA': fidelityRow(3900, 3471, 'predicted'),
  'freePagesEndByZone.DMA32': fidelityRow(10000, 22200, 'predicted'),
  zramMemUsedMiB: fidelityRow(500, 400, 'predicted'),
  windowStartS: fidelityRow(10, 17.5, 'fitted', { scale: 30, instant: true }),
});

test('the headline rows decide: reclaim rate and kswapd CPU held, secondary rows off → a pass that names them (trial4 #2)', () => {
  const v = verdict(nRows(), split);
  assert.equal(v.outcome, 'pass');
  assert.deepEqual(v.headline, { outcome: 'pass', rows: ['pgstealAnonPerS', 'kswapdCpuPct'] });
  assert.deepEqual(v.alsoOff, ['freePagesEndByZone.DMA', 'freePagesEndByZone.DMA32', 'zramMemUsedMiB']);
  assert.match(v.text, /^Baseline predicts the held-out second half \(30–60 s\) within \+0\.8 % \(pgsteal_anon\/s\) and -0\.7 % \(kswapd CPU %\)\. /);
  assert.match(v.text, /Also off \(limit ±10 %, not deciding the verdict\): free at capture end, DMA by -11\.0 %, free at capture end, DMA32 by \+122\.0 %, zram mem_used MiB by -20\.0 %\./);
  assert.match(v.text, /1 other predicted figure within ±10 %\./);
  assert.match(v.text, /fit to this capture failed for window start s \(the replay starts 7\.5 s late; limit ±3\.0 s, 10 % of the 30\.0 s window\)/);
});

test('a headline row off: a miss that says by how much and which headline figure held (trial4 #2)', () => {
  const v = verdict({ ...nRows(), pgstealAnonPerS: fidelityRow(10000, 88000, 'predicted') }, split);
  assert.equal(v.outcome, 'miss');
  assert.equal(v.headline?.outcome, 'miss');
  assert.match(v.text, /^Baseline misses the held-out second half \(30–60 s\) on pgsteal_anon\/s by \+780\.0 % \(limit ±10 %\); held: -0\.7 % \(kswapd CPU %\) — treat/);
  assert.doesNotMatch(v.text.split('Also off')[0], /DMA/, 'secondary rows come after the headline');
});

test('kswapd not exercised: the reclaimer\'s CPU is the headline CPU row', () => {
  const v = verdict({
    pgstealAnonPerS: fidelityRow(1000, 1000, 'input', { followsDemand: true }),
    kswapdCpuPct: fidelityRow(0, 0, 'predicted'),
    reclaimerCpuPct: fidelityRow(20, 18.8, 'predicted'),
  }, split);
  assert.match(v.text, /^Cannot test reclaim .*follows the replayed demand.*; held: -6\.0 % \(reclaimer CPU %\)\./);
  assert.deepEqual([v.outcome, v.headline?.rows], ['untested', ['reclaimerCpuPct']]);
});

// trial5 #9: lab steady's kswapd CPU, predicted 44 against 48.91 measured, is -10.04 %: it read -10 and passed.
test('a row just past the limit is graded on its unrounded error and keeps the decimals that show it', () => {
  const row = fidelityRow(48.91, 44, 'predicted');
  assert.deepEqual([row.errorPct, row.mark], [-10.04, 'miss']);
  assert.deepEqual([fidelityRow(48.91, 44.02, 'predicted').errorPct, fidelityRow(48.91, 44.02, 'predicted').mark], [-10, 'pass']);
  assert.equal(fidelityRow(1000, 1041, 'predicted').errorPct, 4.1, 'away from the limit: one decimal');
  const after = afterRow(48.91, 44);
  assert.equal(after.errorPct, -10.04);
  assert.equal(after.errorPct, Math.round(((after.predicted - after.measured) / after.measured) * 1e4) / 1e2, 'the JSON recomputes to its own error');
  const v = withAfterCheck(undefined, { kswapdCpuPct: after }, 'lab/after');
  assert.match(v?.text ?? '', /misses lab\/after: kswapd CPU % by -10\.04 %/);
  assert.equal(fidelityRows({ fidelity: { kswapdCpuPct: row } } as unknown as ReplayResult)[0].error, '-10.04');
  assert.equal(measuredAfterRows({ measuredAfter: { kswapdCpuPct: after } })[0].error, '-10.04');
  assert.match(measuredAfterRows({ measuredAfter: { kswapdCpuPct: after } })[0].mark, /^✗/);
});

// trial12 #1: A's simulated kernel started reclaiming 6.7 s late and the row read "+10.8 %" (of the 62.1 s window).
test('a window edge is graded and said in seconds: "starts 6.7 s late", limit ±10 % of the window in seconds', () => {
  const start = fidelityRow(11.2, 17.9, 'fitted', { scale: 62.1, instant: true });
  assert.equal(start.errorS, 6.7);
  assert.equal(start.limitS, 6.21);
  assert.equal(start.fitFailed, true, '6.7 s is beyond 6.21 s');
  const end = fidelityRow(73.3, 73.0, 'predicted', { scale: 62.1, instant: true });
  assert.equal(end.mark, 'pass');
  const late = fidelityRow(73.3, 80.0, 'predicted', { scale: 62.1, instant: true });
  assert.equal(late.mark, 'miss');
  const v = verdict({ pgstealAnonPerS: fidelityRow(1000, 1000, 'predicted'), windowStartS: start, windowEndS: late }, split);
  assert.match(v.text, /window end s \(the replay ends 6\.7 s late; limit ±6\.2 s, 10 % of the 62\.1 s window\)/);
  assert.match(v.text, /failed for window start s \(the replay starts 6\.7 s late; limit ±6\.2 s, 10 % of the 62\.1 s window\)/);
  const cells = Object.fromEntries(fidelityRows({ fidelity: { windowStartS: start, windowEndS: end } } as unknown as ReplayResult).map((c) => [c.key, c]));
  assert.equal(cells.windowStartS.error, '+6.7 s');
  assert.equal(cells.windowStartS.mark, 'fit failed: starts 6.7 s late, beyond ±6.2 s, 10 % of the 62.1 s window; not a test');
  assert.equal(cells.windowEndS.error, '-0.3 s');
  assert.equal(cells.windowEndS.mark, '✓ within ±6.2 s, 10 % of the 62.1 s window');
  assert.equal(fidelityRow(5, 5, 'predicted', { scale: 0.5 }).errorS, undefined, 'only a time carries seconds');
});

// trial13 #31: F_lz4_1cpu's verdict passed the held-out half (−0.2 %) while the headline table below read pgsteal_anon/s
// −28.0 % "fit failed" over the whole window, the replay starting 12.6 s late; batch said pass.
test('a held-out pass names the whole window\'s headline miss and the late start; a failed fit there is a miss', () => {
  const rows = { pgstealAnonPerS: fidelityRow(1000, 998, 'predicted'), kswapdCpuPct: fidelityRow(16, 15.8, 'predicted'), minFreeMiB: fidelityRow(100, 80, 'predicted') };
  assert.equal(verdict(rows, split).outcome, 'pass');
  const start = fidelityRow(17.8, 30.4, 'fitted', { scale: 35.3, instant: true });
  const head = { pgstealAnonPerS: fidelityRow(18298, 13213, 'fitted'), kswapdCpuPct: fidelityRow(16.2, 15.9, 'input') };
  const v = verdict(rows, split, 'no-window', { spanS: [17.8, 53.1], head, edges: { windowStartS: start } });
  assert.match(v.text, /^Baseline predicts the held-out second half \(30–60 s\) within -0\.2 % \(pgsteal_anon\/s\) and -1\.2 % \(kswapd CPU %\)\. Over the whole reclaim window \(17\.8–53\.1 s, the table below\) the replay misses pgsteal_anon\/s by -27\.8 % \(limit ±10 %; the replay starts 12\.6 s late\)\. Also off/);
  assert.equal(v.outcome, 'miss', 'the fit the headline × rests on failed');
  assert.equal(v.headline?.outcome, 'miss');
  assert.deepEqual(v.wholeWindow, { spanS: [17.8, 53.1], rows: ['pgstealAnonPerS'] });
  // A predicted miss over the whole window is named but does not overturn the half's test; within the limit, nothing.
  const predictedOff = verdict(rows, split, 'no-window', { spanS: [17.8, 53.1], head: { pgstealAnonPerS: fidelityRow(1000, 850, 'predicted') }, edges: {} });
  assert.equal(predictedOff.outcome, 'pass');
  assert.match(predictedOff.text, /the replay misses pgsteal_anon\/s by -15\.0 % \(limit ±10 %\)\. Also off/);
  assert.deepEqual(verdict(rows, split, 'no-window', { spanS: [17.8, 53.1], head: { pgstealAnonPerS: fidelityRow(1000, 950, 'fitted') }, edges: {} }), verdict(rows, split));
  // The verdict over the headline's own span has nothing to add.
  const whole: Validation = { ...split, mode: 'whole', compareS: [17.8, 53.1] };
  assert.deepEqual(verdict(rows, whole, 'no-window', { spanS: [17.8, 53.1], head, edges: {} }), verdict(rows, whole));
});

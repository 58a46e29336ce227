// Held-out fidelity on the demo capture shipped in the repo (captures/demo) and on hand-made captures: the default
// table is a prediction of the half the calibration did not see, every row says its basis, and it can fail.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { calibrateProfile } from '../profiles/calibrate';
import { BUILTIN_PROFILES } from '../profiles/builtin';
import type { DeviceProfile } from '../profiles/types';
import { resolveOptions } from './options';
import { replay } from './replay';
import { labelOf } from './verdict';
import { validationOf } from './validation';
import { syntheticCapture } from './testing/syntheticCapture';

const DEMO = resolve(__dirname, '../../../captures/demo');
let demo: Promise<Capture> | undefined;
const loadDemo = () => (demo ??= loadCapture(DEMO));

/** Every per-page cost of `p` multiplied by k. */
function scaled(p: DeviceProfile, k: number, source: string): DeviceProfile {
  const compressNs = Object.fromEntries(Object.entries(p.compressNs).map(([alg, byClass]) =>
    [alg, Object.fromEntries(Object.entries(byClass).map(([c, ns]) => [c, ns * k]))])) as DeviceProfile['compressNs'];
  return { ...p, name: source, source, scanNs: p.scanNs * k, unmapNs: p.unmapNs * k, storeNs: p.storeNs * k, sameNs: p.sameNs * k, compressNs };
}

test('by default the table compares the half of the reclaim window the calibration did not see', async () => {
  const c = await loadDemo();
  const r = await replay(c, resolveOptions({ series: true }));
  const v = r.validation!;
  assert.equal(v.mode, 'split');
  assert.ok(v.calibrationS && v.calibrationS[1] === v.compareS[0], `calibration ${v.calibrationS} then compare ${v.compareS}`);
  for (const [k, row] of Object.entries(r.fidelity)) assert.ok(['predicted', 'fitted', 'input'].includes(row.basis), `${k}: ${row.basis}`);
  assert.equal(r.fidelity.pgstealAnonPerS.basis, 'predicted');
  assert.ok(r.fidelity.pgstealAnonPerS.mark, 'a predicted row carries pass/miss');
  // kswapd's scans meet the modelled inactive list, not a copied ratio: the held-out half's pgscan is a test.
  assert.equal(r.fidelity.pgscanAnonPerS.basis, 'predicted');
  assert.match(r.fidelity.pgscanAnonPerS.why ?? '', /modelled inactive list/);
  assert.equal(r.fidelity.zramRatio.basis, 'fitted');
  assert.equal(r.fidelity.windowStartS.basis, 'fitted', 'the window start lies in the calibration half');
  assert.equal(r.fidelity.windowEndS.basis, 'predicted');
  for (const row of Object.values(r.fidelity)) {
    if (row.observed === 0 && row.simulated === 0 && row.basis !== 'predicted') continue;
    if (row.observed === 0 && row.simulated === 0) assert.equal(row.notExercised, true);
  }
  assert.match(r.verdict!.text, /held-out second half/);
  // A predicted miss names what the device changed between the halves, each half fitted alone (halfDrift.ts).
  for (const row of Object.values(r.fidelity)) {
    const named = /each half fitted alone/.test(row.why ?? '');
    assert.ok(!named || row.mark === 'miss', `only misses name the drift: ${JSON.stringify(row)}`);
  }
  const steal = r.fidelity.pgstealAnonPerS;
  if (steal.mark === 'miss') assert.match(steal.why ?? '', /CPU per scanned page [\d.]+ then [\d.]+ µs .*per anon page written [\d.]+ then [\d.]+ µs/);
  // The kcompressd prediction keeps the whole-capture calibration: only the fidelity run used the first half.
  assert.match(r.profileName, /^calibrated:/);
  assert.notEqual(v.profileName, r.profileName);
});

test('demo (trial2 #3, #11): the headline holds nothing from outside its window; a simulated window that runs to the replay\'s end says so', async () => {
  const r = await replay(await loadDemo(), resolveOptions({ series: true }));
  const { startS, endS } = r.window!;
  const used = r.series!.baseline.zramMemUsedMiB;
  let inside = 0;
  let whole = 0;
  // Bin i covers (i·0.1, (i + 1)·0.1] s: the window's bins are those that hold part of it.
  for (let i = 0; i < used.length; i++) {
    whole = Math.max(whole, used[i]);
    if (i >= Math.floor(startS / 0.1) && i <= Math.ceil(endS / 0.1) - 1) inside = Math.max(inside, used[i]);
  }
  assert.ok(whole > 1.5 * inside, `the baseline's zram grows after the window (${inside} → ${whole} MiB): the case under test`);
  assert.ok((r.baseline.zramMemUsedMiB as number) <= inside + 0.05, `headline ${JSON.stringify(r.baseline.zramMemUsedMiB)} MiB, in-window peak ${inside}`);
  assert.equal(r.fidelity.windowEndS.atLeast, undefined, 'the held-out run\'s reclaim ended before the replay\'s end: a measured end');
  // A replay whose kswapd still swaps out in its last bin (demand to the end): its window end is a bound, said so.
  const steady = await replay(syntheticCapture({ seconds: 6, demandPagesPerS: 15_000 }), resolveOptions({ profile: 'x86-vm' }));
  const end = steady.fidelity.windowEndS;
  assert.equal(end.atLeast, true);
  assert.ok(Math.abs(end.simulated - steady.simulatedS) < 0.1, `end ${end.simulated} s, replay ${steady.simulatedS} s`);
  assert.match(end.why ?? '', /did not end before the replay's end \(6\.0 s\)/);
  assert.equal(steady.fidelity.windowStartS.atLeast, undefined);
  // The own-window figures state their own spans: the baseline's runs past the capture's window, where its 955 MiB is.
  const own = r.ownWindow!.spansS!;
  assert.ok(own.baseline[1] > endS + 5 && own.kcompressd[0] > 0, JSON.stringify(own));
  assert.ok((r.ownWindow!.baseline.zramMemUsedMiB as number) > 1.5 * inside);
});

test('a profile with every per-page cost doubled turns predicted rows into misses', async () => {
  const c = await loadDemo();
  const right = calibrateProfile(c, analyzeCapture(c)).profile;
  // Sources that do not name the demo: the table treats both as profiles from elsewhere (whole window, predicted).
  const good = await replay(c, resolveOptions({ validate: 'right.json' }), { validateProfile: { ...right, source: 'test: as calibrated' } });
  const bad = await replay(c, resolveOptions({ validate: 'doubled.json' }), { validateProfile: scaled(right, 2, 'test: costs doubled') });
  const [g, b] = [good.fidelity.pgstealAnonPerS, bad.fidelity.pgstealAnonPerS];
  assert.equal(g.basis, 'predicted');
  assert.equal(b.mark, 'miss', JSON.stringify(b));
  // kswapd runs all the CPU it is given in the demo: doubled costs reclaim about half the pages per second.
  assert.ok(b.errorPct < g.errorPct - 25, `doubled costs: ${b.errorPct} % against ${g.errorPct} % with the calibrated ones`);
  assert.equal(bad.verdict!.outcome, 'miss');
  assert.match(bad.verdict!.text, /misses.*pgsteal_anon\/s/);
  // The kcompressd prediction is untouched by --validate.
  assert.deepEqual(bad.kcompressd.pgstealAnonPerS, good.kcompressd.pgstealAnonPerS);
});

test('--validate none compares with the whole capture and calls every row a fit', async () => {
  const c = await loadDemo();
  const r = await replay(c, resolveOptions({ validate: 'none' }));
  assert.equal(r.validation!.mode, 'whole');
  for (const [k, row] of Object.entries(r.fidelity)) {
    assert.notEqual(row.basis, 'predicted', `${k} was calibrated on: not a prediction`);
    assert.equal(row.mark, undefined);
  }
  // A fit that misses by more than the limit failed: the verdict names it rather than calling the run untested.
  const failed = Object.entries(r.fidelity).filter(([, row]) => row.fitFailed);
  // Only a headline row's failed fit (reclaim rate, reclaimer CPU) makes it a miss; the others are named.
  const headFailed = failed.some(([k]) => ['pgstealAnonPerS', 'reclaimPerS', 'kswapdCpuPct', 'reclaimerCpuPct'].includes(k));
  assert.equal(r.verdict!.outcome, headFailed ? 'miss' : 'untested');
  for (const [k] of failed) assert.match(r.verdict!.text, new RegExp(`fit to this capture failed for .*${labelOf(k).replace(/[/%]/g, '.')}`));
  assert.match(r.verdict!.text, /not how well it predicts/);
  // Over the whole window the table's kswapd wakes and sleeps are parse's in-window ones (one definition: trial2 #28).
  const f = analyzeCapture(c);
  assert.deepEqual([r.fidelity.kswapdWakes.observed, r.fidelity.kswapdSleeps.observed], [f.kswapd.wakesFromSleepInWindow, f.kswapd.sleepsInWindow]);
  assert.deepEqual([f.kswapd.wakesFromSleepInWindow, f.kswapd.sleepsInWindow, f.kswapd.wakes, f.kswapd.sleeps], [1, 0, 4, 1]);
  // trial5: '1 wakes from sleep': the noun agrees with its count.
  const wakes = /baseline, whole replay \(0–35\.0 s\): kswapd (\d+) (wakes?) from sleep, \d+ mm_vmscan_kswapd_wake \(balance_pgdat runs\)/.exec(r.notes!.join('\n'));
  assert.ok(wakes, r.notes!.join('\n'));
  assert.equal(wakes[2], wakes[1] === '1' ? 'wake' : 'wakes');
});

test('a window too short to split falls back to the whole window and says so', async () => {
  const cap = syntheticCapture({ seconds: 0.8, demandPagesPerS: 40_000, initialFreePages: 100_500 }, 'short');
  const profile = { ...BUILTIN_PROFILES['x86-vm'], name: 'here', source: 'calibrated on short (test)' };
  const r = await replay(cap, resolveOptions({ profile: 'here.json' }), { profile });
  assert.equal(r.validation!.mode, 'whole');
  assert.match(r.validation!.note, /too short to split/);
  assert.equal(r.fidelity.pgstealAnonPerS.basis, 'fitted');
});

test('a profile from elsewhere is tested on the whole window', async () => {
  const r = await replay(syntheticCapture({ seconds: 6, demandPagesPerS: 15_000 }), resolveOptions({ profile: 'x86-vm' }));
  assert.equal(r.validation!.mode, 'whole');
  assert.equal(r.validation!.calibrationS, undefined);
  // Nothing fitted: every row is the profile's prediction, but for the steal that follows the demand the replay kept up with (demandBound.ts).
  const bases = Object.values(r.fidelity).filter((x) => !x.followsDemand).map((x) => x.basis);
  assert.ok(bases.length > 0 && bases.every((b) => b === 'predicted'), bases.join(' '));
});

test('an unknown --validate profile is an option error', async () => {
  await assert.rejects(replay(syntheticCapture({ seconds: 2, demandPagesPerS: 15_000 }), resolveOptions({ profile: 'x86-vm', validate: 'nope' })), /--validate/);
});

test('the result\'s validation spans are replay seconds to the ms', () => {
  const plan = { mode: 'split' as const, profileName: 'p', note: 'n', calibration: { startS: 111.200101000000018, endS: 142.20034099999998 },
    compare: { startS: 142.20034099999998, endS: 173.2004 } };
  const v = validationOf(plan, 100);
  assert.deepEqual(v.calibrationS, [11.2, 42.2]);
  assert.deepEqual(v.compareS, [42.2, 73.2]);
});

test('free pages at the end per zone: the capture\'s end zoneinfo against the replay\'s zones at its last sample', async () => {
  const wm = { min: 1000, low: 60_000, high: 70_000 };
  const zones = [
    { node: 0, name: 'DMA32', managedPages: 500_000, freePages: 60_000, min: 500, low: 30_000, high: 35_000 },
    { node: 0, name: 'Normal', managedPages: 3_500_000, freePages: 60_000, min: 500, low: 30_000, high: 35_000 },
    { node: 0, name: 'Movable', managedPages: 0, freePages: 0, min: 0, low: 0, high: 0 },
  ];
  const base = syntheticCapture({ seconds: 6, demandPagesPerS: 15_000, watermarks: wm, zones, initialFreePages: 120_000 });
  const free = base.vmstat!.columns.get('nr_free_pages')!;
  const last = free[free.length - 1];
  const run = async (dma32: number, normal: number) => {
    const c = { ...base, zonesEnd: { source: 'c/zoneinfo_after.txt', zones: [{ node: 0, name: 'DMA32', freePages: dma32 }, { node: 0, name: 'Normal', freePages: normal }, { node: 0, name: 'Movable', freePages: 0 }] } };
    return (await replay(c, resolveOptions({ profile: 'x86-vm' }))).fidelity;
  };
  const probe = await run(0, last);
  const sim = ['DMA32', 'Normal'].map((z) => probe[`freePagesEndByZone.${z}`]?.simulated);
  assert.ok(sim.every((v) => v !== undefined && v >= 0), JSON.stringify(probe));
  assert.equal(probe['freePagesEndByZone.Movable'], undefined, 'a zone without managed pages is no row');
  // A snapshot that adds up to the series' last sample is the capture's end, where the replay's zones are read: a
  // test, marked.
  const total = sim[0]! + sim[1]!;
  const right = await run(Math.round((last * sim[0]!) / total), Math.round((last * sim[1]!) / total));
  for (const z of ['DMA32', 'Normal']) {
    assert.equal(right[`freePagesEndByZone.${z}`].basis, 'predicted', 'a profile from elsewhere: the end is held out');
    assert.ok(right[`freePagesEndByZone.${z}`].mark !== undefined && !right[`freePagesEndByZone.${z}`].otherMoment);
  }
  assert.match(right['freePagesEndByZone.DMA32'].why ?? '', /^zones at the capture's end \(6\.0 s, its last vmstat sample\), not the compared span's end/);
  // (trial2 #17) Zones that do not add up to the series' last nr_free_pages — here the replay's own figures, which a
  // snapshot from another moment matched trivially — are another moment than the replay's last sample: shown, never
  // a pass.
  const off = await run(sim[0]!, sim[1]!);
  assert.ok(Math.abs(total - last) > 0.02 * last, `the replay's end ${total} vs the series' ${last}: the case under test`);
  for (const z of ['DMA32', 'Normal']) {
    const row = off[`freePagesEndByZone.${z}`];
    assert.match(row.why ?? '', /was not taken at the capture's end \(6\.0 s, its last vmstat sample\), not the compared span's end .* another moment, not a test/);
    assert.equal(row.mark, undefined);
    assert.equal(row.otherMoment, true);
  }
  assert.equal(labelOf('freePagesEndByZone.DMA32'), 'free at capture end, DMA32');
  assert.equal(labelOf('freePagesEnd'), 'free pages at span end');
});

test('a split whose calibration read the whole capture\'s perf profile calls the rows its costs drive fitted, and says why', async () => {
  const c = await loadDemo();
  const untimed: Capture = { ...c, perf: c.perf && { ...c.perf, timeline: undefined } };
  const r = await replay(untimed, resolveOptions({}));
  assert.equal(r.validation!.mode, 'split');
  assert.match(r.validation!.note, /except the perf profile \(its samples carry no times\)/);
  for (const k of ['pgstealAnonPerS', 'kswapdCpuPct']) {
    assert.equal(r.fidelity[k].basis, 'fitted', k);
    assert.match(r.fidelity[k].why ?? '', /this half included/);
  }
  // With the sample times, the same rows are held out.
  const timed = await replay(c, resolveOptions({}));
  assert.equal(timed.fidelity.pgstealAnonPerS.basis, 'predicted');
  assert.doesNotMatch(timed.validation!.note, /except/);
});

// Golden fidelity on the real captures (../shared/captures beside the repo): calibrate on A, replay A (self) and
// B (transfer: memcg reclaim in the workload's context, kswapd idle) with that profile.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import { loadCapture } from '../capture/loadCapture';
import type { Capture } from '../capture/types';
import { calibrateProfile } from '../profiles/calibrate';
import type { DeviceProfile } from '../profiles/types';
import { resolveOptions } from './options';
import { replay } from './replay';
import type { FidelityRow } from './types';

const CAPTURES = resolve(__dirname, '../../../../shared/captures');
const A = join(CAPTURES, 'A_kswapd_lz4');
const B = join(CAPTURES, 'B_memcg_lz4');
const missing = !existsSync(A) || !existsSync(B);

let calibrated: { a: Capture; profile: DeviceProfile } | undefined;
async function onA(): Promise<{ a: Capture; profile: DeviceProfile }> {
  if (!calibrated) {
    const a = await loadCapture(A);
    calibrated = { a, profile: calibrateProfile(a, analyzeCapture(a)).profile };
  }
  return calibrated;
}

function within(row: FidelityRow | undefined, pct: number, name: string): void {
  assert.ok(row, `${name}: no fidelity row`);
  assert.ok(Math.abs(row.errorPct) <= pct, `${name}: observed ${row.observed}, simulated ${row.simulated} (${row.errorPct} %), allowed ±${pct} %`);
}

test('self: A replayed with a profile calibrated on A (a fit, --validate none)', async (t) => {
  if (missing) return t.skip(`captures not found at ${CAPTURES}`);
  const { a, profile } = await onA();
  const r = await replay(a, resolveOptions({ profile: 'A.json', validate: 'none', series: true }), { profile });
  assert.equal(r.fidelity.pgstealAnonPerS.basis, 'fitted', 'calibrated on the data it is compared with');
  within(r.fidelity.pgstealAnonPerS, 10, 'pgsteal_anon/s');
  within(r.fidelity.kswapdCpuPct, 10, 'kswapd CPU %');
  within(r.fidelity.zramRatio, 5, 'zram ratio');
  // trial12 #6: A's series read kswapdCpuPct 100.00006 (a float sum of slices past the bin): one thread, one core at most.
  for (const [name, series] of Object.entries({ baseline: r.series!.baseline, kcompressd: r.series!.kcompressd })) {
    assert.ok(Math.max(...series.kswapdCpuPct) <= 100, `${name} kswapdCpuPct up to ${Math.max(...series.kswapdCpuPct)}`);
  }
  t.diagnostic(`A self: ${JSON.stringify(r.fidelity)}`);
});

test('transfer: B replayed with the profile calibrated on A', async (t) => {
  if (missing) return t.skip(`captures not found at ${CAPTURES}`);
  const { profile } = await onA();
  const b = await loadCapture(B);
  const r = await replay(b, resolveOptions({ profile: 'A.json' }), { profile });
  within(r.fidelity.pgstealAnonPerS, 15, 'pgsteal_anon/s');
  assert.equal(r.fidelity.pgstealAnonPerS.followsDemand, true, 'memcg reclaim of the replayed charges, whatever the profile');
  within(r.fidelity.reclaimerCpuPct, 15, 'reclaimer CPU % (memcg reclaim)');
  assert.equal(r.baseline.kswapdCpuPct, 0, 'kswapd stays idle in B');
  t.diagnostic(`B transfer: ${JSON.stringify(r.fidelity)}`);
});

test('held out: A and B calibrated on the first half of their reclaim window, compared on the second', async (t) => {
  if (missing) return t.skip(`captures not found at ${CAPTURES}`);
  for (const path of [A, B]) {
    const r = await replay(await loadCapture(path), resolveOptions({}));
    assert.equal(r.validation?.mode, 'split', r.validation?.note);
    const steal = r.fidelity.pgstealAnonPerS;
    // B's memcg reclaim reclaims what the replayed charges need: its steal follows the demand (the B test below).
    assert.equal(steal.basis, path === A ? 'predicted' : 'input');
    assert.equal(steal.mark !== undefined, path === A, 'only a predicted row is marked pass or miss');
    if (path === A) {
      // With cpu_stat the CPU kswapd is given follows from the held-out half's own load, not its schedstat share.
      assert.equal(r.fidelity.kswapdCpuPct.basis, 'predicted');
      assert.match((r.notes ?? []).join('\n'), /CFS against the capture's other runnable tasks \(loadavg\)/);
    }
    const cpu = ['kswapdCpuPct', 'reclaimerCpuPct'].map((k) => `${k} ${r.fidelity[k]?.errorPct} % (${r.fidelity[k]?.basis})`);
    // The ±10 % target is the model's (issue 7); this reports where it stands without hiding a miss.
    t.diagnostic(`${path}: ${r.verdict?.text} pgsteal_anon/s ${steal.errorPct} %; ${cpu.join(', ')}`);
  }
});

test('A: free pages at the end per zone from zoneinfo_after, held out, adding up to the last nr_free_pages', async (t) => {
  if (missing) return t.skip(`captures not found at ${CAPTURES}`);
  const a = await loadCapture(A);
  assert.match(a.zonesEnd?.source ?? '', /zoneinfo_after\.txt$/);
  const r = await replay(a, resolveOptions({}));
  const rows = Object.entries(r.fidelity).filter(([k]) => k.startsWith('freePagesEndByZone.'));
  assert.deepEqual(rows.map(([k]) => k.split('.')[1]), ['DMA', 'DMA32', 'Normal'], 'A\'s zones with managed pages (Movable and Device are empty)');
  const free = a.vmstat!.columns.get('nr_free_pages')!;
  const observed = rows.reduce((s, [, row]) => s + row.observed, 0);
  assert.ok(Math.abs(observed - free[free.length - 1]) <= 0.02 * free[free.length - 1], `Σ zones ${observed} vs last nr_free_pages ${free[free.length - 1]}`);
  for (const [k, row] of rows) {
    assert.equal(row.basis, 'predicted', `${k}: the capture's end is after the calibration half`);
    assert.ok(row.mark === 'pass' || row.mark === 'miss', k);
  }
  t.diagnostic(`A zones at the end: ${rows.map(([k, row]) => `${k} ${row.observed} vs ${row.simulated} (${row.errorPct} %)`).join('; ')}`);
  // The headline's today-vs-measured rows: the columns it prints, graded as fits (the profile was calibrated on A).
  const min = r.headlineFidelity?.minFreeMiB;
  assert.deepEqual([min?.observed, min?.simulated, min?.basis], [r.measured?.minFreeMiB, r.baseline.minFreeMiB, 'fitted']);
  assert.equal(min?.fitFailed === true, Math.abs(min!.errorPct) > 10, `min free ${min?.errorPct} %`);
  t.diagnostic(`A headline min free ${min?.observed} vs ${min?.simulated} (${min?.errorPct} %, ${min?.fitFailed ? 'fit failed' : 'fit'})`);
});

test('B: rows memcg reclaim cannot fail follow the replayed demand; the reclaimer\'s CPU stays a prediction', async (t) => {
  if (missing) return t.skip(`captures not found at ${CAPTURES}`);
  const r = await replay(await loadCapture(B), resolveOptions({}));
  const follows = Object.entries(r.fidelity).filter(([, row]) => row.followsDemand).map(([k]) => k);
  // kswapd never runs in B and the task reclaims what each charge needs: the steal, free pages (node, zones, lowest)
  // and the window edges are the capture's own demand replayed.
  assert.deepEqual(follows.sort(), ['freePagesEnd', 'freePagesEndByZone.DMA', 'freePagesEndByZone.DMA32', 'freePagesEndByZone.Normal',
    'minFreeMiB', 'pgstealAnonPerS', 'windowEndS', 'windowStartS']);
  for (const k of follows) {
    assert.equal(r.fidelity[k].basis, 'input', k);
    assert.equal(r.fidelity[k].mark, undefined, `${k}: not a test, so never a pass`);
  }
  assert.match(r.fidelity.pgstealAnonPerS.why ?? '', /try_to_free_mem_cgroup_pages\(\)/);
  // The pool holds the replayed charges' pages at the fitted corpus's size: a fit.
  assert.equal(r.fidelity.zramMemUsedMiB.basis, 'fitted');
  assert.equal(r.fidelity.zramMemUsedMiB.mark, undefined);
  // Per-page costs from the first half against the second half's CPU: a test.
  assert.equal(r.fidelity.reclaimerCpuPct.basis, 'predicted');
  assert.ok(r.fidelity.reclaimerCpuPct.mark);
  assert.doesNotMatch(r.verdict!.text, /predicts .*pgsteal_anon/);
  t.diagnostic(`B: ${r.verdict!.text}`);
});

// Golden tests of `parse` on the real captures in <repo>/../shared/captures: the figures must reproduce each
// capture's own measurement (summary.json, written by tools/analyze.py) to the tolerances, and every public
// file must parse with its format detected.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../../src/core/analysis/figures';
import type { CaptureFigures } from '../../src/core/analysis/types';
import { loadCapture } from '../../src/core/capture/loadCapture';
import type { Capture } from '../../src/core/capture/types';
import { CAPTURES_DIR } from '../fixtures/sharedCaptures';
import { assertNoWarning } from '../../src/core/testing/warnings';

const CAPTURES = CAPTURES_DIR;
const ABSENT = `${CAPTURES} is absent`;

function near(actual: number | null | undefined, expected: number, relTol: number, what: string): void {
  assert.ok(typeof actual === 'number', `${what}: got ${actual}, expected ${expected}`);
  const ok = expected === 0 ? Math.abs(actual) < 1e-9 : Math.abs(actual - expected) <= relTol * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, expected ${expected} (±${relTol * 100} %)`);
}

function sum(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += b[i] - a[i];
  return s;
}

// summary.json is nested JSON from Python; only the fields read below are typed loosely.
type Summary = {
  vmstat: { window_s: number; rate_in_window: Record<string, number>; peak_1s_rate: Record<string, number>; min_nr_free_pages_MiB: number; zero_page_share_of_swapouts: number };
  kswapd: { window_cpu_pct_schedstat: number };
  zram: { compression_ratio_orig_over_compr: number; mem_used_total_MiB: number; same_pages_fraction: number; huge_pages_fraction: number };
  ftrace: { events: Record<string, number>; kswapd_oncpu_s_from_sched_switch: number; memcg_reclaim?: { calls: number; total_s: number; p50_us: number; p99_us: number } };
};

for (const name of ['A_kswapd_lz4', 'B_memcg_lz4']) {
  const dir = join(CAPTURES, name);
  let loaded: Promise<{ c: Capture; f: CaptureFigures; s: Summary }> | undefined;
  const load = () => (loaded ??= loadCapture(dir).then((c) => ({
    c, f: analyzeCapture(c), s: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary,
  })));

  test(`${name}: window, rates (±1 %) and peak 1 s rates (±1 %)`, async (t) => {
    if (!existsSync(dir)) return t.skip(ABSENT);
    const { f, s } = await load();
    near(f.window?.durationS, s.vmstat.window_s, 0.01, 'window');
    for (const [k, v] of Object.entries(s.vmstat.rate_in_window)) {
      const key = k.replace(/_per_s$/, '');
      if (key.startsWith('allocstall_') || key.startsWith('kswapd_')) continue;
      near(f.rates[key], v, 0.01, `rate ${key}`);
    }
    near(f.rates.allocstall, s.vmstat.rate_in_window.allocstall_normal_per_s + s.vmstat.rate_in_window.allocstall_movable_per_s, 0.01, 'allocstall');
    for (const [k, v] of Object.entries(s.vmstat.peak_1s_rate)) near(f.peakRates[k.replace(/_per_s$/, '')], v, 0.01, `peak ${k}`);
    // The README's figure is whole MiB, floored (analyze.py's `// 2**20`); parse gives it to 0.1 MiB.
    assert.equal(Math.floor(f.minFreeMiB!), s.vmstat.min_nr_free_pages_MiB);
  });

  test(`${name}: kswapd CPU (±2 points) and zram figures (±1 %)`, async (t) => {
    if (!existsSync(dir)) return t.skip(ABSENT);
    const { f, s } = await load();
    assert.equal(f.kswapd.cpuSource, 'schedstat');
    assert.ok(Math.abs(f.kswapd.cpuPct! - s.kswapd.window_cpu_pct_schedstat) <= 2, `kswapd CPU ${f.kswapd.cpuPct}`);
    near(f.zram?.ratio, s.zram.compression_ratio_orig_over_compr, 0.01, 'zram ratio');
    near(f.zram?.memUsedMiB, s.zram.mem_used_total_MiB, 0.01, 'mem_used_total');
    near(f.zram?.sameFraction, s.zram.same_pages_fraction, 0.01, 'same fraction');
    near(f.zram?.hugeFraction, s.zram.huge_pages_fraction, 0.01, 'huge fraction');
    near(f.zram?.zeroShare, s.vmstat.zero_page_share_of_swapouts, 0.01, 'zero share');
  });

  test(`${name}: trace event counts exact, kswapd wakes/sleeps, on-CPU time, memcg reclaim slices`, async (t) => {
    if (!existsSync(dir)) return t.skip(ABSENT);
    const { c, f, s } = await load();
    assert.deepEqual(f.events, s.ftrace.events);
    assert.equal(f.kswapd.wakes, s.ftrace.events.mm_vmscan_kswapd_wake ?? 0);
    assert.equal(f.kswapd.sleeps, s.ftrace.events.mm_vmscan_kswapd_sleep ?? 0);
    near(sum(c.trace!.kswapd.onCpu.start, c.trace!.kswapd.onCpu.end), s.ftrace.kswapd_oncpu_s_from_sched_switch, 0.01, 'kswapd on-CPU s');
    const m = s.ftrace.memcg_reclaim;
    assert.equal(f.memcgReclaim.count, m?.calls ?? 0);
    if (m) {
      near(f.memcgReclaim.totalMs, m.total_s * 1000, 0.01, 'memcg total');
      near(f.memcgReclaim.p50Us, m.p50_us, 0.01, 'memcg p50');
      near(f.memcgReclaim.p99Us, m.p99_us, 0.01, 'memcg p99');
    }
    // The trace clock is mono: no alignment needed.
    assertNoWarning(f.warnings, 'align.trace-shifted');
    assertNoWarning(f.warnings, 'align.trace-unaligned');
  });
}

const PUBLIC = join(CAPTURES, 'public');
const EXPECTED_FORMAT: [RegExp, string][] = [
  [/proc_vmstat/, 'vmstat-snapshots'], [/proc_meminfo/, 'meminfo'], [/proc_zoneinfo/, 'zoneinfo'],
  [/trace-cmd/, 'trace-cmd'], [/catapult|lkml/, 'ftrace'],
];

test('every public capture file parses with its format detected', async (t) => {
  if (!existsSync(PUBLIC)) return t.skip(`${PUBLIC} is absent`);
  const files = readdirSync(PUBLIC).filter((n) => n !== 'README.md');
  assert.ok(files.length > 0);
  for (const name of files) {
    const c = await loadCapture(join(PUBLIC, name));
    const want = EXPECTED_FORMAT.find(([re]) => re.test(name))?.[1];
    if (want) assert.equal(c.sources[0].format, want, name);
    const f = analyzeCapture(c);
    assert.ok(!JSON.stringify(f).includes('NaN'), name);
  }
});

test('public /proc/vmstat of an old kernel: per-zone keys folded into the modern ones', async (t) => {
  const path = join(PUBLIC, 'node_exporter__proc_vmstat.txt');
  if (!existsSync(path)) return t.skip(`${path} is absent`);
  const text = readFileSync(path, 'utf8');
  const zoneSum = (prefix: string) => text.split('\n').filter((l) => new RegExp(`^${prefix}_(dma|dma32|normal|movable) `).test(l))
    .reduce((a, l) => a + Number(l.split(' ')[1]), 0);
  const c = await loadCapture(path);
  for (const k of ['pgsteal_kswapd', 'pgscan_direct', 'pgscan_kswapd']) {
    assert.ok(zoneSum(k) > 0, k);
    assert.equal(c.vmstat!.columns.get(k)![0], zoneSum(k), k);
  }
});

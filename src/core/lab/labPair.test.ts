// The bundled lab pair (captures/lab/, made by `reclaim-replay lab`): real guest-agent output read by the product's
// own parsers, with the kcompressd thread visible in its schedstat series and in sched_switch.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../analysis/figures';
import { loadCapture } from '../capture/loadCapture';
import { resolveOptions } from '../replay/options';
import { resolveProfile } from '../replay/replay';
import type { ReplayResult } from '../replay/types';
import { labCompressShare } from './compressShare';
import { measuredAfter } from './measuredAfter';
import { assertWarning } from '../testing/warnings';
import { type Warning } from '../warnings';

const root = join(__dirname, '..', '..', '..', 'captures', 'lab');
const base = join(root, 'steady-mm-baseline');
const after = join(root, 'steady-mm-kcompressd');

test('the lab pair parses: agent series at 100 ms, no unparsed lines, a reclaim window', async () => {
  for (const dir of [base, after]) {
    assert.ok(existsSync(dir), `${dir} is bundled`);
    const c = await loadCapture(dir);
    assert.equal(c.clock, 'mono');
    const agentFiles = c.sources.filter((s) => /vmstat_snapshots|zram_mm_stat|zram_io_stat|meminfo_snapshots|_cpu/.test(s.path));
    assert.ok(agentFiles.length >= 5);
    for (const s of agentFiles) assert.equal(s.unparsed, 0, `${s.path} fully understood`);
    const t = c.vmstat!.times;
    const median = [...t.slice(1)].map((x, i) => x - t[i]).sort((a, b) => a - b)[Math.floor(t.length / 2)];
    assert.ok(Math.abs(median - 0.1) < 0.02, `median sampling period ${median} s`);
    const f = analyzeCapture(c);
    const span = f.window;
    assert.ok(span && span.durationS > 5 && (f.rates.pgsteal_anon ?? 0) > 0);
    assert.ok(f.kswapd.cpuPct !== null && f.kswapd.cpuPct > 0);
  }
});

test('with kcompressd the thread shows in its schedstat series and in sched_switch; the baseline has neither', async () => {
  const k = await loadCapture(after);
  const kc = k.taskCpu?.find((t) => t.comm === 'kcompressd0');
  assert.ok(kc, 'kcompressd_cpu_0.txt read as kcompressd0');
  assert.ok(kc.sumExecNs[kc.sumExecNs.length - 1] > 1e9, 'kcompressd0 ran for more than a second');
  assert.ok((k.trace?.events.sched_switch ?? 0) > 0);
  const b = await loadCapture(base);
  assert.equal(b.taskCpu?.some((t) => t.comm.startsWith('kcompressd')), false);
});

test('measured after: the kcompressd capture gives every after-figure', async () => {
  const predicted = { pgstealAnonPerS: 1, kswapdCpuPct: 1, allocstalls: 1, zramRatio: 1, zramMemUsedMiB: 1 };
  const m = measuredAfter({ kcompressd: predicted } as unknown as Pick<ReplayResult, 'kcompressd'>, await loadCapture(after));
  assert.deepEqual(m.missing, []);
  assert.ok(m.rows.pgstealAnonPerS!.measured > 1000);
  assert.ok(m.rows.zramRatio!.measured > 2);
});

test('--profile capture --compress-share F calibrates on a perf-less lab capture with F (no x86-vm fallback)', async () => {
  const c = await loadCapture(base);
  const f = analyzeCapture(c);
  const warnings: Warning[] = [];
  const p = resolveProfile(c, f, resolveOptions({ profile: 'capture', compressShare: 0.145 }), undefined, warnings);
  assert.deepEqual(warnings, []);
  assert.notEqual(p.name, 'x86-vm');
  assert.ok(Math.abs(p.compressShare! - 0.145) < 0.01, `profile compressShare ${p.compressShare}`);
  // Without F the calibration takes the share from the capture's own zram store probe (compress_probe.txt).
  const without: Warning[] = [];
  const own = resolveProfile(c, f, resolveOptions({ profile: 'capture' }), undefined, without);
  assert.deepEqual(without, []);
  const probe = await labCompressShare(base);
  assert.ok('share' in probe && Math.abs(own.compressShare! - probe.share) < 1e-3, `profile ${own.compressShare} vs probe ${JSON.stringify(probe)}`);
  const noProbe = { ...c, zramProbe: undefined };
  assert.equal(resolveProfile(noProbe, f, resolveOptions({ profile: 'capture' }), undefined, without).name, 'x86-vm');
  assertWarning(without, 'profile.calibration-failed');
});

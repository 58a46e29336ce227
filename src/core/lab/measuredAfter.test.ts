import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import { kswapdHeader, kswapdLine, snapshotBlock, USER_HZ } from '../record/formats';
import type { ReplayResult } from '../replay/types';
import { resolveOptions } from '../replay/options';
import { replay } from '../replay/replay';
import type { Capture } from '../capture/types';
import { afterRow, attachMeasuredAfter, formatMeasuredAfter, guestSpeedWarning, measuredAfter, type MeasuredAfter } from './measuredAfter';

/** 11 samples 1 s apart: pgsteal_anon +1000/s and pswpout +800/s from t=1 to t=10, 3 allocstalls, kswapd 40 % busy. */
function writeCapture(dir: string): void {
  let vm = '';
  let ks = `${kswapdHeader(45, 'kswapd0', USER_HZ)}\n`;
  for (let i = 0; i <= 10; i++) {
    const s = { mono: `${100 + i}.000000`, epoch: `${1.7e9 + i}.000000` };
    const n = Math.max(0, i);
    vm += snapshotBlock(s, `nr_free_pages 5000\npgsteal_anon ${1000 * n}\npgscan_anon ${1200 * n}\npswpout ${800 * n}\nallocstall_normal ${i >= 5 ? 3 : 0}\n`);
    ks += kswapdLine(s, '45 (kswapd0) S 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0', `${400_000_000 * i} 0 ${i}\n`);
  }
  fs.writeFileSync(join(dir, 'vmstat_snapshots.txt'), vm);
  fs.writeFileSync(join(dir, 'kswapd_cpu.txt'), ks);
}

const kcompressd = { pgstealAnonPerS: 1100, kswapdCpuPct: 30, allocstalls: 0, zramRatio: 2.5, zramMemUsedMiB: { unavailable: 'x' } };

test('predicted vs measured: error relative to the measured figure; figures the capture lacks are listed', async () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-after-'));
  writeCapture(dir);
  const m = measuredAfter({ kcompressd } as unknown as Pick<ReplayResult, 'kcompressd'>, await loadCapture(dir));
  assert.deepEqual(m.rows.pgstealAnonPerS, { predicted: 1100, measured: 1000, errorPct: 10 });
  assert.equal(m.rows.kswapdCpuPct?.measured, 40);
  assert.equal(m.rows.kswapdCpuPct?.errorPct, -25);
  assert.deepEqual(m.rows.allocstalls, { predicted: 0, measured: 3, errorPct: -100 });
  assert.deepEqual(m.missing, ['zramRatio', 'zramMemUsedMiB'], 'no zram series measured, no zram mem_used predicted');
  const text = formatMeasuredAfter(m);
  assert.match(text, /pgsteal_anon\/s\s+1,100\s+1,000\s+\+10\.0/);
  assert.match(text, /not compared \(not in that capture or not predicted\): zram ratio, zram mem_used MiB/);
  fs.rmSync(dir, { recursive: true, force: true });
});

// Predicted vs measured after-figures share the fidelity table's conventions for zeros.
test('a measured 0 is a miss in kind, 0 on both sides not exercised; errors are signed', () => {
  const m: MeasuredAfter = { capture: 'after', missing: [], warnings: [], rows: { pgstealAnonPerS: afterRow(1000, 1950), allocstalls: afterRow(0, 1599), zramRatio: afterRow(0, 0) } };
  const text = formatMeasuredAfter(m);
  assert.match(text, /pgsteal_anon\/s\s+1,950\s+1,000\s+\+95\.0/);
  assert.match(text, /allocstalls\s+1,599\s+0\s+measured 0/);
  assert.match(text, /zram ratio\s+0\.000\s+0\.000\s+not exercised/);
  assert.doesNotMatch(text, /100\.0/);
  // Marked as the fidelity table marks its rows.
  assert.match(text, /pgsteal_anon\/s .*\+95\.0  ✗ misses by more than 10 %/);
  assert.match(text, /allocstalls .*measured 0  ✗ misses: measured none/);
});

test('the after-table gives both columns one precision per row and a ✓ within the limit', () => {
  const m: MeasuredAfter = { capture: 'after', missing: [], warnings: [], rows: { kswapdCpuPct: afterRow(48.91, 50), zramRatio: afterRow(2.467, 2.47) } };
  const text = formatMeasuredAfter(m);
  assert.match(text, /kswapd CPU %\s+50\.0\s+48\.9\s+\+2\.2  ✓ within ±10 %/);
  assert.match(text, /zram ratio\s+2\.470\s+2\.467\s+\+0\.1  ✓ within ±10 %/);
});

test('the bundled lab pair: the kcompressd capture\'s curves on the baseline replay\'s time base are its own observed curves', async () => {
  const lab = join(__dirname, '../../../captures/lab');
  const [base, after] = await Promise.all(['steady-mm-baseline', 'steady-mm-kcompressd'].map((n) => loadCapture(join(lab, n))));
  const options = resolveOptions({ series: true, variant: 'mm' });
  const r = attachMeasuredAfter(await replay(base, options), after);
  const own = await replay(after, options); // its own replay draws it as "measured on the device"
  assert.equal(r.measuredAfterCapture, join(lab, 'steady-mm-kcompressd'));
  assert.ok(r.measuredAfter?.pgstealAnonPerS && r.measuredAfter.kswapdCpuPct, JSON.stringify(r.measuredAfter));
  const m = r.series!.measuredAfter!;
  for (const k of ['pgstealAnonPerS', 'kswapdCpuPct', 'freePages', 'allocstalls']) {
    const a = m[k];
    const b = own.series!.observed![k];
    assert.ok(a && b, `${k} measured`);
    assert.equal(a.length, r.series!.t.length, 'on the baseline replay\'s bins');
    // Both start at their capture's first sample: the same bins hold the same values where both replays reach.
    for (const i of [10, 50, 100, 200]) if (i < b.length && i < a.length) assert.ok(Object.is(a[i], b[i]) || Math.abs(a[i] - b[i]) < 1e-9, `${k}[${i}]: ${a[i]} vs ${b[i]}`);
  }
  assert.ok(m.pgstealAnonPerS.some((v) => v > 0), 'the kcompressd capture reclaimed');
});

test('a pair whose guests ran at different speeds (zram store probes apart by more than a quarter) is warned about', () => {
  const probed = (ns: number | undefined) => ({ zramProbe: ns === undefined ? undefined : { source: '/x/compress_probe.txt', pages: 8192, cpuNsPerPage: ns, wallNsPerPage: ns } }) as Capture;
  assert.equal(guestSpeedWarning(probed(40_000), probed(45_000)), undefined, '×1.12 is the same machine');
  assert.equal(guestSpeedWarning(probed(40_000), probed(33_000)), undefined, '×0.83 is the same machine');
  assert.equal(guestSpeedWarning(probed(40_000), probed(undefined)), undefined, 'no probe, no claim');
  const w = guestSpeedWarning(probed(26_300), probed(276_615));
  assert.equal(w?.code, 'replay.after-guest-speed');
  assert.match(w!.message, /276\.6 µs per page in the measured-after run and 26\.3 µs .*×10\.52/);
  assert.equal(w!.file, '/x/compress_probe.txt');
  assert.equal(guestSpeedWarning(probed(60_000), probed(38_000))?.code, 'replay.after-guest-speed', 'faster counts too');
});

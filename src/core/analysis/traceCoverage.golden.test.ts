// Golden: the bundled lab baseline's trace stops at 29.34 s inside its 21.8–42.1 s window (capture clock; 14.4–34.7 s since the first vmstat sample, as notes print it); parse says so at the
// trace's last line, and calibration divides the trace's slice time by the pages reclaimed over the same span.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCapture } from '../capture/loadCapture';
import { calibrateProfile } from '../profiles/calibrate';
import { assertWarning } from '../testing/warnings';
import { analyzeCapture } from './figures';

const dir = join(__dirname, '..', '..', '..', 'captures', 'lab', 'steady-mm-baseline');

test('lab baseline: ftrace.ends-early at the last event, counters over the covered span, calibration on that span', async () => {
  const c = await loadCapture(dir);
  const f = analyzeCapture(c);
  const w = assertWarning(f.warnings, 'ftrace.ends-early', { file: 'ftrace.txt.gz', line: 78113 });
  assert.match(w.message, /covers 7\.6 s of the 20\.3 s reclaim window/);
  assert.ok(f.traceSpan, 'traceSpan given');
  assert.equal(f.traceSpan.endS, 29.34);
  // The trace saw 29,355 pages reclaimed by direct reclaim; vmstat over its span agrees within a sample, the whole window 76,627.
  const spanDirect = f.traceSpan.counters.pgsteal_direct;
  assert.ok(Math.abs(spanDirect - f.directReclaim.reclaimedPages!) / spanDirect < 0.02, `pgsteal_direct over the span ${spanDirect}`);
  const inSpan = calibrateProfile(c, f, { compressShare: 0.3 });
  assert.ok(inSpan.notes.some((n) => /the trace covers 7\.6 s of the 20\.3 s window: calibrated on 14\.4–22\.0 s/.test(n)), inSpan.notes.join('\n'));
  // Forcing the whole window divides the partial slice time by the whole window's pages: ~2.6× too cheap.
  const whole = calibrateProfile(c, f, { compressShare: 0.3, window: { startS: f.window!.startS, endS: f.window!.endS } });
  const ratio = inSpan.profile.compressNs.lz4.ptr / whole.profile.compressNs.lz4.ptr;
  assert.ok(ratio > 2.2 && ratio < 3, `per-page compression cost over the span / over the window = ${ratio}`);
});

// What a killed recorder leaves: the bundled demo with its ftrace, perf script and vmstat .gz files cut in half. Each
// file keeps the lines before its cut (gzip.ends-early at the first line not read), the trace ending early marks the
// window figures partial as any short trace does, and the intact files are untouched.
test('demo with its .gz files cut in half: gzip.ends-early per file, the lines before kept, ftrace.ends-early', async () => {
  const demo = join(__dirname, '..', '..', '..', 'captures', 'demo');
  const intact = await loadCapture(demo);
  const cut = mkdtempSync(join(tmpdir(), 'rr-cut-demo-'));
  cpSync(demo, cut, { recursive: true });
  for (const name of ['ftrace.txt.gz', 'perf_script.txt.gz', 'vmstat_snapshots.txt.gz']) {
    const b = readFileSync(join(demo, name));
    writeFileSync(join(cut, name), b.subarray(0, b.length >> 1));
  }
  const c = await loadCapture(cut);
  const f = analyzeCapture(c);
  for (const name of ['ftrace.txt.gz', 'perf_script.txt.gz', 'vmstat_snapshots.txt.gz']) {
    const src = c.sources.find((s) => s.path.endsWith(name));
    assert.ok(src && src.lines > 1000, `${name} read`);
    assertWarning(f.warnings, 'gzip.ends-early', { file: name, line: src.lines + 1 });
  }
  assertWarning(f.warnings, 'ftrace.ends-early', { file: 'ftrace.txt.gz' });
  assert.ok(f.traceSpan && f.traceSpan.endS < f.window!.endS, 'the trace covers part of the window');
  assert.ok(c.vmstat!.times.length > 10 && c.vmstat!.times.length < intact.vmstat!.times.length);
  assert.ok(c.zramMmStat && c.zramMmStat.times.length > 10, 'zram mm_stat read');
  assert.deepEqual(c.zramMmStat.columns, intact.zramMmStat!.columns, 'the intact zram file is read as it is');
  // The perf script cut short gives kswapd's shares over the span its samples cover, and the calibration says so.
  const cover = /^the perf profile's kswapd0? samples cover \d+\.\d s of the calibrated \d+\.\d s/;
  assert.ok(calibrateProfile(c, f).notes.some((n) => cover.test(n)), calibrateProfile(c, f).notes.join('\n'));
  assert.ok(!calibrateProfile(intact, analyzeCapture(intact)).notes.some((n) => cover.test(n)), 'the whole perf script covers the window');
});

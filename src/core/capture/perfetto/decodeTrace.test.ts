import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../../analysis/figures';
import { CaptureError } from '../../errors';
import { detect } from '../detect';
import { loadCapture } from '../loadCapture';
import { tempDir } from '../testing/tempFiles';
import { decodePerfetto, looksLikePerfetto } from './decodeTrace';
import { assertNoWarning, assertWarning } from '../../testing/warnings';

// One scenario, two encodings: scenario.pftrace is scenario.textproto encoded by protoc (test/fixtures/perfetto/build.sh);
// text/ holds the same events as trace_pipe lines and the same samples as /proc/vmstat and /proc/meminfo snapshots.
const FIX = resolve(__dirname, '../../../../test/fixtures/perfetto');
const PFTRACE = join(FIX, 'scenario.pftrace');

test('a Perfetto trace is detected by content, plain or gzip; other binary data is not', async () => {
  assert.equal((await detect(PFTRACE)).format, 'perfetto');
  assert.equal((await detect(join(FIX, 'scenario.pftrace.gz'))).format, 'perfetto');
  assert.equal(looksLikePerfetto(Buffer.from([0x0a, 0x05, 0x0f, 0, 0, 0, 0])), false); // wire type 7 inside
  assert.equal(looksLikePerfetto(Buffer.from('# t_mono=1\nnr_free_pages 1\n')), false);
  assert.equal(looksLikePerfetto(Buffer.from('\n\n  \n')), false); // blank lines: a "packet" of 10 bytes in 4
});

test('sys_stats become /proc snapshots (per-zone pgsteal folded into the modern key) and events trace_pipe lines in time order', async () => {
  const t = await decodePerfetto(PFTRACE);
  assert.equal(t.packets, 8); // process tree, 5 sys_stats, 2 ftrace bundles
  assert.equal(t.vmstat.split('\n').filter((l) => l.startsWith('# t_mono=')).length, 5);
  const times = t.ftrace.split('\n').map((l) => Number(/ (\d+\.\d+): /.exec(l)![1]));
  assert.deepEqual(times, [...times].sort((a, b) => a - b)); // CPU 1's bundle comes after CPU 0's in the file
  assert.match(t.ftrace, /^ +kswapd0-90 +\[000\] \.\.\.\.\. +100\.101000: mm_vmscan_kswapd_wake: nid=0 order=0$/m);
  assert.match(t.meminfo, /^MemTotal: 4000000 kB$/m);
  const c = await loadCapture(PFTRACE);
  assert.deepEqual([...c.vmstat!.columns.get('pgsteal_kswapd')!], [1000000, 1060000, 1120000, 1180000, 1240000]);
  assert.deepEqual([...c.vmstat!.times], [100, 100.5, 101, 101.5, 102]);
});

test('the Perfetto trace gives the same figures as the same scenario in ftrace text and /proc snapshots', async () => {
  const fromPerfetto = analyzeCapture(await loadCapture(PFTRACE));
  const fromText = analyzeCapture(await loadCapture(join(FIX, 'text')));
  for (const k of ['window', 'rates', 'peakRates', 'kswapd', 'events', 'directReclaim', 'memTotalMiB', 'minFreeMiB'] as const) {
    assert.deepEqual(fromPerfetto[k], fromText[k], k);
  }
  // And the figures are the scenario's: two wake/sleep cycles, kswapd on CPU 0.301 s + 0.501 s of the 2 s reclaim window (all of it).
  assert.deepEqual({ wakes: fromPerfetto.kswapd.wakes, sleeps: fromPerfetto.kswapd.sleeps }, { wakes: 2, sleeps: 2 });
  assert.equal(fromPerfetto.kswapd.cpuSource, 'sched_switch');
  const span = fromPerfetto.window;
  assert.ok(span && span.durationS > 0);
  assert.equal(fromPerfetto.directReclaim.count, 1);
  assert.deepEqual(analyzeCapture(await loadCapture(join(FIX, 'scenario.pftrace.gz'))).rates, fromPerfetto.rates);
});

test('compact sched switches (prev task from the previous switch on the CPU) give the same kswapd figures', async () => {
  const full = analyzeCapture(await loadCapture(PFTRACE));
  const compact = analyzeCapture(await loadCapture(join(FIX, 'scenario_compact.pftrace')));
  assert.deepEqual(compact.kswapd, full.kswapd);
  assert.deepEqual(compact.events, full.events);
  assert.deepEqual(compact.window, full.window);
  const t = await decodePerfetto(join(FIX, 'scenario_compact.pftrace'));
  assert.match(t.ftrace, /^ +kswapd0-90 +\[000\] \.\.\.\.\. +100\.401000: sched_switch: prev_comm=kswapd0 prev_pid=90 prev_prio=120 prev_state=S ==> next_comm=stress next_pid=1200 next_prio=120$/m);
});

test('a modern trace: times put on MONOTONIC by its clock snapshot, node-level vmstat ids read, tasks named by a later process tree', async () => {
  const path = join(FIX, 'modern.pftrace');
  const c = await loadCapture(path);
  // BOOTTIME is 7 s ahead of MONOTONIC in the snapshot: samples at boot 107.0/107.5/108.0 s are at mono 100.0/100.5/101.0 s.
  assert.deepEqual([...c.vmstat!.times], [100, 100.5, 101]);
  assert.equal(c.clock, 'mono');
  assert.deepEqual([c.trace!.kswapd.awake.start[0], c.trace!.kswapd.awake.end[0]], [100.2, 100.9]);
  assert.deepEqual([...c.trace!.directReclaim.start], [100.3]);
  // The process tree comes last and has no thread entries: pid 1200 is named from its cmdline as the kernel names it.
  assert.equal(c.trace!.directReclaim.comms.get(1200), 'memory-eater');
  const f = analyzeCapture(c);
  assert.deepEqual([f.rates.pgsteal_anon, f.rates.pgscan_anon, f.rates.pgsteal_kswapd, f.rates.pswpout, f.rates.workingset_refault_anon],
    [80000, 160000, 88000, 60000, 200]);
  // allocstall_normal + allocstall_movable: 42 → 48 over 1 s.
  assert.equal(f.rates.allocstall, 6);
  assertNoWarning(c.warnings, 'perfetto.unknown-counter');
  assertNoWarning(c.warnings, 'perfetto.no-clock-snapshot');
  // The older fixture has no clock snapshot: its boot times are read as monotonic, and said so.
  assertWarning((await decodePerfetto(PFTRACE)).warnings, 'perfetto.no-clock-snapshot');
});

test('ftrace on the global clock goes to BOOTTIME by its bundle\'s pair of readings, then to MONOTONIC; without the pair it is left and said', async () => {
  const t = await decodePerfetto(join(FIX, 'global_clock.pftrace'));
  // Global 5.2 s is boot 108.2 s (the pair: global 5.0 = boot 108.0), mono 101.2 s.
  assert.match(t.ftrace, /^ +kswapd0-90 +\[000\] \.\.\.\.\. +101\.200000: mm_vmscan_kswapd_wake: nid=0 order=0$/m);
  assert.match(t.ftrace, /^ +kswapd0-90 +\[000\] \.\.\.\.\. +101\.500000: mm_vmscan_kswapd_sleep: nid=0$/m);
  assert.match(t.ftrace, /^ +kswapd0-90 +\[001\] \.\.\.\.\. +5\.600000: mm_vmscan_kswapd_wake/m);
  assert.match(assertWarning(t.warnings, 'perfetto.clock-unaligned').message, /an ftrace clock without a boot timestamp pair/);
});

test('a trace cut inside its last packet keeps the packets before it and says so', async () => {
  const c = await loadCapture(join(FIX, 'truncated.pftrace'));
  assert.match(assertWarning(c.warnings, 'perfetto.truncated', { file: 'truncated.pftrace' }).message, /cut short at byte \d+ .*the last packet is dropped, 7 read/);
  assert.equal(c.trace!.directReclaim.pid.length, 0); // CPU 1's bundle was the last packet
  assert.equal(c.trace!.kswapd.wakes, 2);
});

test('a gzip trace cut short keeps the packets inflated before the cut and says so; a damaged gzip is refused in one line', async () => {
  const dir = tempDir({});
  const gz = readFileSync(join(FIX, 'scenario.pftrace.gz'));
  writeFileSync(join(dir, 'cut.pftrace.gz'), gz.subarray(0, gz.length - 12)); // the trailer and the last deflate bytes
  const t = await decodePerfetto(join(dir, 'cut.pftrace.gz'));
  assert.ok(t.packets >= 1 && t.packets <= 8, String(t.packets));
  assert.match(assertWarning(t.warnings, 'perfetto.truncated').message, /the gzip stream ends early/);
  const damaged = Buffer.from(gz);
  damaged.fill(0xff, 12, 40);
  writeFileSync(join(dir, 'bad.pftrace.gz'), damaged);
  await assert.rejects(decodePerfetto(join(dir, 'bad.pftrace.gz')), (e: Error) => e instanceof CaptureError && /bad\.pftrace\.gz: Perfetto trace: damaged gzip/.test(e.message) && !e.message.includes('\n'));
});

test('a corrupt or headless Perfetto trace is one CaptureError naming the file, never a stack', async () => {
  const dir = tempDir({});
  const bytes = readFileSync(PFTRACE);
  const second = 2 + bytes[1];
  let p = second + 1;
  while (bytes[p] & 0x80) p++;
  const corrupt = Buffer.from(bytes);
  corrupt[p + 1] = 0x0f; // a tag with wire type 7 inside the second packet
  writeFileSync(join(dir, 'corrupt.pftrace'), corrupt);
  writeFileSync(join(dir, 'head.pftrace'), bytes.subarray(0, 30));
  await assert.rejects(loadCapture(join(dir, 'corrupt.pftrace')), (e: Error) =>
    e instanceof CaptureError && /corrupt\.pftrace: not a readable Perfetto trace: packet 2 at byte \d+ does not decode/.test(e.message) && !e.message.includes('\n'));
  // Cut inside its first packet (one process_tree field, itself cut) the file is not even detected; the decoder says why.
  await assert.rejects(decodePerfetto(join(dir, 'head.pftrace')), (e: Error) =>
    e instanceof CaptureError && /head\.pftrace: Perfetto trace cut short: the first packet/.test(e.message));
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../../cli/main.ts'), 'parse', join(dir, 'corrupt.pftrace')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('replay runs on the Perfetto trace (MemTotal from its meminfo sizes the zone)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../../cli/main.ts'), 'replay', PFTRACE, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  // The device side of the replay is the trace's: 2 CPUs, 2 kswapd wakes, kswapd on CPU (0.301 + 0.501 s) / 2 s.
  assert.equal(out.cpus, 2);
  const { startS, endS } = out.window;
  assert.deepEqual([startS, endS], [0, 2]);
  assert.equal(out.fidelity.kswapdWakes.observed, 2);
  assert.equal(out.fidelity.kswapdCpuPct.observed, 40.1);
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadCapture } from '../capture/loadCapture';
import { clockOffsetUs, DEFAULT_CAPTURE, runCapture, type CaptureOptions } from './capture';
import { FakeSystem } from './fakeSystem';
import { DEFAULT_STRESS_SYSTEM } from './stressSystem';

// perf: false, or the real perf would profile the whole machine; perfRecord.test.ts runs a fake one.
function options(fake: FakeSystem, extra: Partial<CaptureOptions> = {}): CaptureOptions {
  return { ...DEFAULT_CAPTURE, perf: false, outDir: join(fake.root, 'out'), seconds: 0.35, periodMs: 50, drainMs: 50, roots: fake.roots, ops: fake.ops, instanceName: 'rr-test', ...extra };
}

test('capture writes every series in the parsers\' layout and restores tracefs', async (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  const traceLine = '       kswapd0-45      [001] d..2.  1007.212118: mm_vmscan_kswapd_wake: nid=0 order=0\n';
  // The instance's trace_pipe appears on mkdir; fill it as soon as it exists so the drainer has events to copy.
  const origMkdir = fake.ops.mkdir;
  fake.ops.mkdir = (p) => {
    origMkdir(p);
    if (p.endsWith('rr-test')) fs.writeFileSync(join(p, 'trace_pipe'), traceLine);
  };
  const r = await runCapture(options(fake));
  const out = (f: string) => fs.readFileSync(join(r.outDir, f), 'utf8');

  const vm = out('vmstat_snapshots.txt').split('\n');
  assert.match(vm[0], /^# t_mono=\d+\.\d{6} t_epoch=\d+\.\d{6}$/);
  assert.equal(vm[1], 'nr_free_pages 1000');
  assert.ok(r.samples >= 4, `samples ${r.samples}`);
  assert.equal(vm.filter((l) => l.startsWith('# t_mono=')).length, r.samples);
  // meminfo only every meminfoEvery-th sample.
  assert.equal(out('meminfo_snapshots.txt').split('\n').filter((l) => l.startsWith('# t_mono=')).length, Math.ceil(r.samples / DEFAULT_CAPTURE.meminfoEvery));
  // zoneinfo (per-CPU lists beside each zone's free pages) every zoneinfoEvery-th sample, verbatim under its stamp.
  const zi = out('zoneinfo_snapshots.txt').split('\n');
  assert.equal(zi.filter((l) => l.startsWith('# t_mono=')).length, Math.ceil(r.samples / DEFAULT_CAPTURE.zoneinfoEvery));
  assert.match(zi[0], /^# t_mono=\d+\.\d{6} t_epoch=\d+\.\d{6}$/);
  assert.equal(zi[1], 'Node 0, zone   Normal');

  const mm = out('zram_mm_stat.txt').trim().split('\n');
  assert.match(mm[0], /^# t_mono t_epoch orig_data_size compr_data_size mem_used_total/);
  // The stat line is kept verbatim after the two stamps.
  assert.match(mm[1], /^\d+\.\d{6} \d+\.\d{6} 4096 +64 +20480 +0 +20480 +0 +0 +0 +0$/);
  const ks = out('kswapd_cpu.txt').trim().split('\n');
  assert.match(ks[0], /^# t_mono t_epoch utime_ticks stime_ticks sum_exec_runtime_ns run_delay_ns timeslices .*kswapd pid 45/);
  assert.match(ks[1], /^\d+\.\d{6} \d+\.\d{6} 3 77 123456 789 10$/);
  assert.equal(mm.length - 1, r.samples);
  // Per-CPU /proc/stat and loadavg at the same cadence, in the shared captures' cpu_stat.txt layout.
  const cs = out('cpu_stat.txt').trim().split('\n');
  assert.match(cs[0], /^# t_mono t_epoch <'cpu\*' lines of \/proc\/stat/);
  assert.match(cs[1], /^\d+\.\d{6} \d+\.\d{6} cpu  100 0 50 800 10 0 5 0 0 0$/);
  assert.match(cs[4], /^\d+\.\d{6} \d+\.\d{6} loadavg 1\.50 1\.20 1\.00 3\/120 4242$/);
  assert.equal(cs.filter((l) => / loadavg /.test(l)).length, r.samples);

  assert.equal(gunzipSync(fs.readFileSync(join(r.outDir, 'ftrace.txt.gz'))).toString(), traceLine);
  assert.ok(out('zoneinfo_before.txt').includes('zone   Normal'));
  assert.ok(out('zoneinfo_after.txt').includes('zone   Normal'), 'the zones as the series ended');
  // The zram state in the shared captures' sectioned layout, so that the capture names its own algorithm.
  assert.match(out('zram_before.txt'), /^# \d+\.\d{6} \d+\.\d{6}\n== mm_stat\n +4096 +64 [^]*== comp_algorithm\n\[lzo-rle\] lzo lz4\n== disksize\n0\n$/);
  assert.equal((await loadCapture(r.outDir)).compAlgorithm, 'lzo-rle');

  // tracefs was not mounted: mounted, instance configured, then removed and unmounted, in that order.
  const calls = fake.calls.map((c) => c.replace(fake.root + '/', ''));
  assert.ok(calls[0].startsWith('exec mount -t tracefs nodev'), calls[0]);
  assert.ok(calls.includes('write tracing/instances/rr-test/trace_clock mono'));
  assert.ok(calls.some((c) => c.startsWith('write tracing/instances/rr-test/events/sched/sched_switch/filter') && c.includes('prev_comm ~ "kswapd*"') && c.includes('"rr-stress"')));
  assert.ok(calls.indexOf('rmdir tracing/instances/rr-test') < calls.findIndex((c) => c.startsWith('exec umount')));
  assert.equal(fake.exists('tracing/instances'), false);
  assert.deepEqual(r.restoreFailures, []);
  // x86's TLB flushes, without the per-switch ones.
  assert.ok(calls.includes('write tracing/instances/rr-test/events/tlb/tlb_flush/filter reason != 0'));
  assert.ok(calls.includes('write tracing/instances/rr-test/events/tlb/tlb_flush/enable 1'));
  assert.match(out('ftrace_events_enabled.txt'), /^tlb_flush filter: reason != 0$/m);
});

test('a kernel without tlb:tlb_flush is captured all the same, and the log says what is not measured', async (t) => {
  const fake = new FakeSystem({ tlbFlush: false });
  t.after(() => fake.cleanup());
  const r = await runCapture(options(fake, { seconds: 0.1 }));
  assert.ok(r.samples >= 1);
  assert.equal(fake.calls.some((c) => c.includes('events/tlb/')), false);
  assert.match(fs.readFileSync(join(r.outDir, 'capture.log'), 'utf8'), /tlb:tlb_flush is not in this kernel .*TLB-shootdown IPIs are not measured/);
  assert.deepEqual(r.restoreFailures, []);
});

test('a failure while configuring the trace still removes the instance and unmounts tracefs', async (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  fake.failOn.push('sched_wakeup/filter comm');
  await assert.rejects(runCapture(options(fake)), /injected failure/);
  assert.equal(fake.exists('tracing/instances/rr-test'), false);
  assert.ok(fake.calls.some((c) => c.startsWith('exec umount')));
  assert.ok(fs.readFileSync(join(fake.root, 'out', 'capture.log'), 'utf8').includes('restored: trace instance'));
});

test('an already mounted tracefs is left mounted', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  await runCapture(options(fake, { seconds: 0.1 }));
  assert.equal(fake.calls.some((c) => c.includes('mount')), false);
  assert.equal(fake.exists('tracing/instances'), true);
  assert.equal(fake.exists('tracing/instances/rr-test'), false);
});

test('a failure during the stress setup restores hugepages, zram and the trace instance', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  fake.failOn.push('write proc/sys/vm/watermark_scale_factor 1700');
  await assert.rejects(runCapture(options(fake, { stress: DEFAULT_STRESS_SYSTEM })), /injected failure/);
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), '0');
  assert.equal(fake.read('proc/sys/vm/watermark_scale_factor').trim(), '10');
  assert.equal(fake.read('sys/block/zram0/comp_algorithm').trim(), '[lzo-rle] lzo lz4');
  assert.equal(fake.read('sys/block/zram0/disksize').trim(), '0');
  assert.equal(fake.read('proc/swaps').includes('zram0'), false);
  assert.equal(fake.exists('tracing/instances/rr-test'), false);
  // The setup happened (so the restore had real work to do).
  assert.ok(fake.calls.some((c) => /^write proc\/sys\/vm\/nr_hugepages [1-9]/.test(c)));
  assert.ok(fake.calls.some((c) => c.startsWith('exec swapoff')));
});

test('an abort (Ctrl-C) ends the capture early and restores', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const t0 = Date.now();
  const r = await runCapture(options(fake, { seconds: 30, signal: ac.signal, stress: DEFAULT_STRESS_SYSTEM }));
  assert.ok(Date.now() - t0 < 5000);
  assert.deepEqual(r.restoreFailures, []);
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), '0');
  assert.equal(fake.exists('tracing/instances/rr-test'), false);
});

test('the clock check takes the marker closest to its t_mono', () => {
  const head = [
    '  node-1 [000] ...1.   767.242300: tracing_mark_write: reclaim-replay clock_check t_mono=767.242197',
    '  node-1 [000] ...1.   767.242320: tracing_mark_write: reclaim-replay clock_check t_mono=767.242290',
  ].join('\n');
  assert.equal(clockOffsetUs(head), 30);
  assert.equal(clockOffsetUs('nothing here'), undefined);
});

/** The fake machine is back as it was before the stress setup. */
function assertRestored(fake: FakeSystem): void {
  assert.equal(fake.read('proc/sys/vm/nr_hugepages').trim(), '0');
  assert.equal(fake.read('proc/sys/vm/watermark_scale_factor').trim(), '10');
  assert.equal(fake.read('sys/block/zram0/comp_algorithm').trim(), '[lzo-rle] lzo lz4');
  assert.equal(fake.read('proc/swaps').includes('zram0'), false);
  assert.equal(fake.exists('tracing/instances/rr-test'), false);
}

/** An output file that fails every write with ENOSPC, as on a full disk: a symlink to /dev/full. */
function fullDisk(fake: FakeSystem, file: string): void {
  fs.mkdirSync(join(fake.root, 'out'), { recursive: true });
  fs.symlinkSync('/dev/full', join(fake.root, 'out', file));
}

test('a full disk under the samplers stops the capture early and restores', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  fullDisk(fake, 'vmstat_snapshots.txt');
  const t0 = Date.now();
  const r = await runCapture(options(fake, { seconds: 30, stress: DEFAULT_STRESS_SYSTEM }));
  assert.ok(Date.now() - t0 < 10000);
  assert.match(r.errors[0], /^sampling: .*ENOSPC/);
  assert.deepEqual(r.restoreFailures, []);
  assertRestored(fake);
  assert.ok(fs.readFileSync(join(fake.root, 'out', 'capture.log'), 'utf8').includes('restored: nr_hugepages 0'));
});

test('a full disk under the trace file stops the capture and restores, with no stray stream error', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  fullDisk(fake, 'ftrace.txt');
  // 2 MiB of events: the file stream's first write fails.
  const origMkdir = fake.ops.mkdir;
  fake.ops.mkdir = (p) => {
    origMkdir(p);
    if (p.endsWith('rr-test')) fs.writeFileSync(join(p, 'trace_pipe'), 'x'.repeat(2 << 20));
  };
  const r = await runCapture(options(fake, { seconds: 30, gzip: false, stress: DEFAULT_STRESS_SYSTEM }));
  assert.match(r.errors.join('\n'), /writing ftrace\.txt: .*ENOSPC/);
  assert.deepEqual(r.restoreFailures, []);
  assertRestored(fake);
});

test('a full disk under capture.log does not keep the capture from running and restoring', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  fullDisk(fake, 'capture.log');
  const said: string[] = [];
  const r = await runCapture(options(fake, { stress: DEFAULT_STRESS_SYSTEM, log: (m) => said.push(m) }));
  assert.deepEqual(r.errors, []);
  assert.ok(r.samples >= 3);
  assertRestored(fake);
  assert.ok(said.includes('restored: nr_hugepages 0'));
});

test('a throwing timer callback (write_folio switch) stops the capture and restores', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  fake.failOn.push('mm_vmscan_write_folio/enable 1');
  const t0 = Date.now();
  const r = await runCapture(options(fake, { seconds: 30, writeFolio: { startS: 0.1, lenS: 0.1 }, stress: DEFAULT_STRESS_SYSTEM }));
  assert.ok(Date.now() - t0 < 10000);
  assert.match(r.errors[0], /^write_folio on: injected failure/);
  assertRestored(fake);
});

test('a trace_pipe read error in the drain timer stops the capture and restores', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  const origMkdir = fake.ops.mkdir;
  fake.ops.mkdir = (p) => {
    origMkdir(p);
    // A directory where the pipe should be: open works, read fails with EISDIR.
    if (p.endsWith('rr-test')) {
      fs.rmSync(join(p, 'trace_pipe'));
      fs.mkdirSync(join(p, 'trace_pipe'));
    }
  };
  const r = await runCapture(options(fake, { seconds: 30, stress: DEFAULT_STRESS_SYSTEM }));
  assert.match(r.errors[0], /^draining trace_pipe: .*EISDIR/);
  assertRestored(fake);
});

test('with debugfs unmounted, capture mounts it, samples each CPU\'s root cfs_rq into cfs_rq.txt and unmounts it', async (t) => {
  const fake = new FakeSystem({ tracefsMounted: true, debugfs: 'unmounted' });
  t.after(() => fake.cleanup());
  const r = await runCapture(options(fake));
  const lines = fs.readFileSync(join(r.outDir, 'cfs_rq.txt'), 'utf8').trim().split('\n');
  assert.match(lines[0], /^# t_mono t_epoch cpuN nr_queued load own_weight/);
  assert.match(lines[1], /^\d+\.\d{6} \d+\.\d{6} cpu0 2 1572864 0$/);
  assert.match(lines[2], /^\d+\.\d{6} \d+\.\d{6} cpu1 1 1048576 0$/);
  assert.match(lines[3], /^\d+\.\d{6} \d+\.\d{6} kswapd S 1$/);
  assert.equal(lines.filter((l) => / kswapd /.test(l)).length, r.samples);
  const calls = fake.calls.map((c) => c.replace(fake.root + '/', ''));
  assert.ok(calls.includes('exec mount -t debugfs none sys/kernel/debug'), calls.join('\n'));
  assert.ok(calls.includes('exec umount sys/kernel/debug'));
  assert.equal(fake.exists('sys/kernel/debug/sched'), false, 'debugfs unmounted again');
  assert.deepEqual(r.restoreFailures, []);
});

test('an already mounted debugfs is read and left mounted; without its mount point there is no cfs_rq.txt', async (t) => {
  const mounted = new FakeSystem({ tracefsMounted: true, debugfs: 'mounted' });
  const none = new FakeSystem({ tracefsMounted: true });
  t.after(() => { mounted.cleanup(); none.cleanup(); });
  const r = await runCapture(options(mounted, { seconds: 0.1 }));
  assert.match(fs.readFileSync(join(r.outDir, 'cfs_rq.txt'), 'utf8'), /cpu0 2 1572864 0\n/);
  assert.equal(mounted.calls.some((c) => c.includes('mount')), false);
  assert.equal(mounted.exists('sys/kernel/debug/sched/debug'), true);
  const n = await runCapture(options(none, { seconds: 0.1 }));
  assert.equal(fs.existsSync(join(n.outDir, 'cfs_rq.txt')), false);
  assert.match(fs.readFileSync(join(n.outDir, 'capture.log'), 'utf8'), /kernel\/debug: no cfs_rq\.txt/);
});

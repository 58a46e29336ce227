import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_CAPTURE, runCapture, type CaptureOptions } from './capture';
import { FakeSystem } from './fakeSystem';
import { DEFAULT_STRESS_SYSTEM } from './stressSystem';
import { findOnPath, PERF_SCRIPT_FILE, perfRecordArgs, perfScriptArgs, reclaimComms } from './perfRecord';

const SAMPLE = 'kswapd0 45/45 [001] 1007.212118: 1001001 cpu-clock: \n\tffffffff81000000 lz4_compress\n\n';

// A fake `perf` on PATH: logs its arguments; `record` creates its -o file and runs until SIGINT, on which (like
// perf) it re-raises the signal, and once ready for it touches "recording"; `script` prints one sample. FAKE_PERF_FAIL makes `record` exit at once as perf
// does when perf_event_paranoid forbids it.
const FAKE_PERF = `#!/bin/sh
D=$(dirname "$0")
printf '%s\\n' "$*" >> "$D/calls.log"
if [ "$1" = record ]; then
  if [ -n "\${FAKE_PERF_FAIL:-}" ]; then echo "Error: Access to performance monitoring is limited (perf_event_paranoid)" >&2; exit 255; fi
  while [ "$1" != -o ]; do shift; done
  echo data > "$2"
  trap 'trap - INT; kill -INT $$' INT
  : > "$D/recording"
  while :; do sleep 0.05; done
fi
if [ "$1" = script ]; then printf '${SAMPLE.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'; fi
`;

function fakePerfDir(t: TestContext, withPerf: boolean): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-perf-bin-'));
  if (withPerf) fs.writeFileSync(join(dir, 'perf'), FAKE_PERF, { mode: 0o755 });
  const path = process.env.PATH;
  // sh, sleep, kill stay reachable; the fake dir comes first, and without a fake no other perf may be found.
  process.env.PATH = withPerf ? `${dir}:${path}` : dir;
  t.after(() => {
    process.env.PATH = path;
    delete process.env.FAKE_PERF_FAIL;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A fake perf on PATH (or none) and a fake machine with tracefs, both removed after the test. */
function perfCapture(t: TestContext, withPerf = true): { bin: string; fake: FakeSystem } {
  const bin = fakePerfDir(t, withPerf);
  const fake = new FakeSystem({ tracefsMounted: true });
  t.after(() => fake.cleanup());
  return { bin, fake };
}

function options(fake: FakeSystem, extra: Partial<CaptureOptions> = {}): CaptureOptions {
  return { ...DEFAULT_CAPTURE, outDir: join(fake.root, 'out'), seconds: 0.3, periodMs: 50, drainMs: 50, roots: fake.roots, ops: fake.ops, instanceName: 'rr-test', ...extra };
}

const captureLog = (fake: FakeSystem) => fs.readFileSync(join(fake.root, 'out', 'capture.log'), 'utf8');

test('perf record and perf script are called with the fields and comms calibration needs', () => {
  assert.deepEqual(perfRecordArgs('/t/perf.data'), ['record', '-e', 'cpu-clock', '-a', '-g', '-F', '999', '-k', 'CLOCK_MONOTONIC', '-o', '/t/perf.data']);
  assert.deepEqual(perfScriptArgs('/t/perf.data', ['kswapd0', 'rr-stress']),
    ['script', '-i', '/t/perf.data', '-F', 'comm,pid,tid,cpu,time,period,event,ip,sym', '--comms', 'kswapd0,rr-stress']);
});

test('the comms are the kswapd/kcompressd threads found in /proc plus the workload comms', (t) => {
  const fake = new FakeSystem();
  t.after(() => fake.cleanup());
  for (const [pid, comm] of [['46', 'kcompressd0'], ['47', 'kswapd1'], ['48', 'bash'], ['49', 'kcompactd0']]) {
    fs.mkdirSync(join(fake.roots.proc, pid));
    fs.writeFileSync(join(fake.roots.proc, pid, 'comm'), `${comm}\n`);
  }
  assert.deepEqual(reclaimComms(fake.roots.proc, ['rr-stress', 'kswapd0']), ['kcompressd0', 'kswapd0', 'kswapd1', 'rr-stress']);
});

test('capture records a profile with perf, stops it with SIGINT, writes perf_script.txt.gz and deletes perf.data', async (t) => {
  const { bin, fake } = perfCapture(t);
  const r = await runCapture(options(fake, { workloadComms: ['rr-stress', 'mywl'] }));
  assert.equal(r.perfScript, true);
  assert.equal(gunzipSync(fs.readFileSync(join(r.outDir, PERF_SCRIPT_FILE))).toString(), SAMPLE);
  const calls = fs.readFileSync(join(bin, 'calls.log'), 'utf8').trim().split('\n');
  assert.equal(calls.length, 2);
  const dataPath = calls[0].split(' ').pop()!;
  assert.equal(calls[0], perfRecordArgs(dataPath).join(' '));
  // kswapd0 is the fake /proc's only reclaim thread.
  assert.equal(calls[1], perfScriptArgs(dataPath, ['kswapd0', 'mywl', 'rr-stress']).join(' '));
  assert.equal(fs.existsSync(dataPath), false);
  assert.deepEqual(r.restoreFailures, []);
});

test('--no-perf does not run perf', async (t) => {
  const { bin, fake } = perfCapture(t);
  const r = await runCapture(options(fake, { perf: false }));
  assert.equal(r.perfScript, undefined);
  assert.equal(fs.existsSync(join(bin, 'calls.log')), false);
  assert.equal(fs.existsSync(join(r.outDir, PERF_SCRIPT_FILE)), false);
});

test('without perf on PATH the capture goes on and says why there is no profile', async (t) => {
  const { fake } = perfCapture(t, false);
  assert.equal(findOnPath('perf'), undefined);
  const r = await runCapture(options(fake));
  assert.ok(r.samples > 0);
  assert.equal(fs.existsSync(join(r.outDir, PERF_SCRIPT_FILE)), false);
  assert.match(captureLog(fake), /perf not found on PATH: no perf_script\.txt\.gz/);
});

test('a perf that refuses to record is reported and the capture still completes', async (t) => {
  const { fake } = perfCapture(t);
  process.env.FAKE_PERF_FAIL = '1';
  const r = await runCapture(options(fake));
  assert.equal(r.perfScript, false);
  assert.ok(r.samples > 0);
  assert.equal(fs.existsSync(join(r.outDir, PERF_SCRIPT_FILE)), false);
  assert.match(captureLog(fake), /perf record failed \(exit 255: .*perf_event_paranoid\)/);
});

test('an abort (Ctrl-C) still stops perf and keeps the profile recorded so far', async (t) => {
  const { bin, fake } = perfCapture(t);
  const ac = new AbortController();
  // Ctrl-C once perf records (a busy machine may take long to start the fake), or after 10 s regardless.
  const deadline = Date.now() + 10_000;
  const poll = setInterval(() => {
    if (fs.existsSync(join(bin, 'recording')) || Date.now() > deadline) { clearInterval(poll); ac.abort(); }
  }, 20);
  const r = await runCapture(options(fake, { seconds: 30, signal: ac.signal }));
  // 30 s at one sample per 50 ms would be 600 samples: the abort ended it long before.
  assert.ok(r.samples < 300, `${r.samples} samples: the capture ran on after the abort`);
  assert.equal(r.perfScript, true);
  assert.ok(fs.existsSync(join(r.outDir, PERF_SCRIPT_FILE)));
});

test('a full disk under perf_script.txt.gz leaves no profile, and the restore still runs', async (t) => {
  const { fake } = perfCapture(t);
  fs.mkdirSync(join(fake.root, 'out'), { recursive: true });
  fs.symlinkSync('/dev/full', join(fake.root, 'out', PERF_SCRIPT_FILE));
  const r = await runCapture(options(fake));
  assert.equal(r.perfScript, false);
  assert.equal(fs.existsSync(join(r.outDir, PERF_SCRIPT_FILE)), false);
  assert.match(captureLog(fake), /writing perf_script\.txt\.gz failed: .*ENOSPC/);
  assert.match(captureLog(fake), /restored: perf record/);
  assert.deepEqual(r.restoreFailures, []);
});

test('the machine is restored before perf script runs, and perf.data is deleted after it', async (t) => {
  const { bin, fake } = perfCapture(t);
  const r = await runCapture(options(fake, { stress: DEFAULT_STRESS_SYSTEM }));
  assert.equal(r.perfScript, true);
  const log = captureLog(fake);
  assert.ok(log.indexOf('restored: nr_hugepages 0') < log.indexOf('perf script:'), log);
  assert.ok(log.indexOf('restored: perf record stopped') < log.indexOf('restored: nr_hugepages 0'));
  const dataPath = fs.readFileSync(join(bin, 'calls.log'), 'utf8').split('\n')[0].split(' ').pop()!;
  assert.equal(fs.existsSync(dataPath), false);
});

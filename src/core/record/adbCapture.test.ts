import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { adbShellArgs, runAdbCapture, type AdbCaptureOptions } from './adbCapture';
import { buildAdbScript } from './adbScript';
import { DEFAULT_CAPTURE } from './capture';

// A fake `adb` on PATH: logs its arguments, answers `id -u`, decodes the base64 script it is given into
// scripts/<n>.sh and prints the canned device output for the capture script.
const FAKE_ADB = `#!/bin/sh
D=$(dirname "$0")
printf '%s\\n' "$*" >> "$D/calls.log"
[ "$1" = -s ] && shift 2
shift  # shell
case "$*" in
  "id -u") echo "\${FAKE_UID:-0}" ;;
  "su -c id -u") [ -n "\${FAKE_SU:-}" ] && echo 0 || exit 1 ;;
  *base64*)
    n=$(ls "$D/scripts" | wc -l)
    echo "$*" | sed 's/^echo \\([^ ]*\\) .*/\\1/' | base64 -d > "$D/scripts/$n.sh"
    if grep -q 'while \\[' "$D/scripts/$n.sh"; then cat "$D/device-output.txt"; fi ;;
  *) exit 1 ;;
esac
`;

const STAT = '97 (kswapd0) S 2 0 0 0 -1 2129984 0 0 0 0 3 77 0 0 20 0 1 0 10 0 0';
function deviceOutput(ended: boolean): string {
  const sample = (ns: string, ep: string, pswpout: number) => [
    `@@vmstat ${ns} ${ep}`, 'nr_free_pages 10', `pswpout ${pswpout}`,
    `@@mm_stat ${ns} ${ep}`, '    4096       64    20480        0    20480        0        0        0        0',
    `@@io_stat ${ns} ${ep}`, '       0        0        0        0',
    `@@kswapd ${ns} ${ep}`, STAT, '1000 20 3',
  ];
  return [
    '@@log mounted tracefs on /sys/kernel/tracing',
    '@@events', 'vmscan:mm_vmscan_kswapd_wake', 'buffer_size_kb=32768 trace_clock=mono',
    '@@zoneinfo_before', 'Node 0, zone   Normal', '        managed  99',
    '@@meminfo_before', 'MemFree:  100 kB',
    '@@kswapd_pid 97 kswapd0',
    ...sample('5000000000', '1700000000.123456789', 1),
    '@@meminfo 5000000000 1700000000.123456789', 'MemFree:  100 kB',
    ...sample('5100012345', '1700000000.223456789', 7),
    ...(ended ? ['@@ftrace', '    kswapd0-97    [001] d..2.     5.050000: mm_vmscan_kswapd_wake: nid=0 order=0',
      '@@stats', 'cpu0', 'overrun: 0', '@@end'] : []),
  ].join('\n') + '\n';
}

function fakeAdb(t: TestContext, output: string): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-adb-'));
  fs.mkdirSync(join(dir, 'scripts'));
  fs.writeFileSync(join(dir, 'adb'), FAKE_ADB, { mode: 0o755 });
  fs.writeFileSync(join(dir, 'device-output.txt'), output);
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path}`;
  t.after(() => {
    process.env.PATH = path;
    delete process.env.FAKE_UID;
    delete process.env.FAKE_SU;
    fs.rmSync(dir, { recursive: true });
  });
  return dir;
}

function options(dir: string, extra: Partial<AdbCaptureOptions> = {}): AdbCaptureOptions {
  return { ...DEFAULT_CAPTURE, outDir: join(dir, 'out'), seconds: 3, serial: 'R5CT', ...extra };
}

test('adb capture: demultiplexes the device output into the capture files', async (t) => {
  const dir = fakeAdb(t, deviceOutput(true));
  const r = await runAdbCapture(options(dir));
  const out = (f: string) => fs.readFileSync(join(dir, 'out', f), 'utf8');
  assert.equal(r.mode, 'root');
  assert.equal(r.samples, 2);
  assert.equal(out('vmstat_snapshots.txt'),
    '# t_mono=5.000000 t_epoch=1700000000.123457\nnr_free_pages 10\npswpout 1\n# t_mono=5.100012 t_epoch=1700000000.223457\nnr_free_pages 10\npswpout 7\n');
  assert.equal(out('meminfo_snapshots.txt'), '# t_mono=5.000000 t_epoch=1700000000.123457\nMemFree:  100 kB\n');
  const mm = out('zram_mm_stat.txt').split('\n');
  assert.match(mm[0], /^# t_mono t_epoch orig_data_size/);
  assert.match(mm[2], /^5\.100012 1700000000\.223457 4096 +64 +20480/);
  assert.equal(out('kswapd_cpu.txt').split('\n')[1], '5.000000 1700000000.123457 3 77 1000 20 3');
  assert.match(out('kswapd_cpu.txt'), /kswapd pid 97 kswapd0/);
  assert.match(out('zram_io_stat.txt').split('\n')[1], /^5\.000000 1700000000\.123457 0 +0 +0 +0$/);
  assert.equal(out('zoneinfo_before.txt'), 'Node 0, zone   Normal\n        managed  99\n');
  assert.match(gunzipSync(fs.readFileSync(join(dir, 'out', 'ftrace.txt.gz'))).toString(), /^ +kswapd0-97 .*mm_vmscan_kswapd_wake: nid=0 order=0\n$/);
  assert.match(out('ftrace_stats.txt'), /overrun: 0/);
  assert.match(out('capture.log'), /mounted tracefs/);
  // Serial on every call, root detected with `id -u`, and no extra cleanup since the script finished.
  const calls = fs.readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
  assert.equal(calls.length, 2);
  assert.ok(calls.every((c) => c.startsWith('-s R5CT shell ')));
  assert.equal(calls[0], '-s R5CT shell id -u');
  assert.match(calls[1], /\| base64 -d \| sh$/);
  const script = fs.readFileSync(join(dir, 'scripts', '0.sh'), 'utf8');
  assert.equal(script, buildAdbScript({ ...options(dir), instance: `reclaim-replay-${process.pid}`, writeFolio: true }));
});

test('adb capture goes through su when adbd is not root, and cleans up when the script did not finish', async (t) => {
  const dir = fakeAdb(t, deviceOutput(false));
  process.env.FAKE_UID = '2000';
  process.env.FAKE_SU = '1';
  const r = await runAdbCapture(options(dir, { serial: undefined }));
  assert.equal(r.mode, 'su');
  const calls = fs.readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n');
  assert.deepEqual(calls.slice(0, 2), ['shell id -u', 'shell su -c id -u']);
  assert.match(calls[2], /\| base64 -d \| su -c sh$/);
  assert.equal(calls.length, 4);
  const cleanup = fs.readFileSync(join(dir, 'scripts', '1.sh'), 'utf8');
  assert.match(cleanup, new RegExp(`rmdir \\$T/instances/reclaim-replay-${process.pid}`));
  assert.doesNotMatch(cleanup, /while/);
});

test('adb capture refuses a device without root', async (t) => {
  const dir = fakeAdb(t, deviceOutput(true));
  process.env.FAKE_UID = '2000';
  await assert.rejects(runAdbCapture(options(dir)), /no root shell/);
});

test('the device script is valid sh, uses its own instance, mono clock and the reclaim filters', () => {
  const script = buildAdbScript({ ...DEFAULT_CAPTURE, instance: 'reclaim-replay-42', seconds: 5, writeFolio: false });
  const check = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.match(script, /w trace_clock mono/);
  assert.match(script, /mkdir \$T\/instances\/reclaim-replay-42/);
  assert.match(script, /w events\/sched\/sched_switch\/filter '.*prev_comm ~ "kswapd\*".*"rr-stress"/);
  assert.match(script, /mm_vmscan_write_folio\/enable/);
  assert.match(script, /end=\$\(\(t \+ 5 \* 1000000000\)\)/);
  assert.match(script, /trap .* INT TERM HUP/);
});

test('adb shell arguments carry the script as base64 and pick sh or su', () => {
  const args = adbShellArgs('S1', 'su', "echo 'x'");
  assert.deepEqual(args.slice(0, 3), ['-s', 'S1', 'shell']);
  assert.equal(args[3], `echo ${Buffer.from("echo 'x'").toString('base64')} | base64 -d | su -c sh`);
  assert.equal(adbShellArgs(undefined, 'root', 'x')[0], 'shell');
});

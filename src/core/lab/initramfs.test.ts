import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reclaimFilters } from '../record/traceInstance';
import { cpioArchive, listCpio } from './cpio';
import { DONE_FILE, GUEST_SHARE_TAG, initramfsEntries, initScript, WORKLOAD_COMM, AGENT_COMM, type GuestRun } from './initramfs';
import { qemuArgs } from './qemu';
import { describeWorkload, workloadArgs, workloadSpec } from './workloads';

const run: GuestRun = {
  algorithm: 'lzo-rle', zramMiB: 768, workload: workloadSpec('bursty', 1024, 30), periodMs: 100, meminfoEvery: 10,
  preRollS: 3, postRollS: 3, bufferKb: 4096, swappiness: 100,
};
const bins = { busybox: Buffer.from('BB'), agent: Buffer.from('AGENT'), load: Buffer.from('LOAD') };

test('cpio newc: entries round-trip, 4-byte aligned, with a character device and a symlink', () => {
  const buf = cpioArchive([
    { kind: 'dir', path: 'dev' }, { kind: 'char', path: 'dev/console', major: 5, minor: 1 },
    { kind: 'file', path: 'init', data: 'abc', mode: 0o755 }, { kind: 'symlink', path: 'sh', target: 'busybox' },
  ]);
  assert.equal(buf.length % 4, 0);
  const l = listCpio(buf);
  assert.deepEqual(l.map((e) => e.path), ['dev', 'dev/console', 'init', 'sh']);
  assert.equal(l[0].mode, 0o040755);
  assert.deepEqual([l[1].mode, l[1].rdev], [0o020600, [5, 1]]);
  assert.deepEqual([l[2].mode, l[2].data.toString()], [0o100755, 'abc']);
  assert.deepEqual([l[3].mode, l[3].data.toString()], [0o120777, 'busybox']);
  assert.throws(() => cpioArchive([{ kind: 'dir', path: '../x' }]), /bad path/);
});

test('the system cpio reads our archive the same way', { skip: spawnSync('cpio', ['--version']).status === 0 ? false : 'no cpio on PATH' }, () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'rr-cpio-'));
  const file = join(dir, 'a.cpio');
  fs.writeFileSync(file, cpioArchive(initramfsEntries(run, bins)));
  const r = spawnSync('cpio', ['-t', '--quiet', '-F', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['bin', 'dev', 'proc', 'sys', 'tmp', 'out', 'dev/console', 'bin/busybox', 'bin/sh',
    'bin/rr-lab-agent', 'bin/rr-lab-load', 'init']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the initramfs holds busybox, the agent, the workload and an executable /init', () => {
  const l = listCpio(cpioArchive(initramfsEntries(run, bins)));
  const by = new Map(l.map((e) => [e.path, e]));
  assert.equal(by.get('init')!.mode & 0o111, 0o111);
  assert.equal(by.get('bin/rr-lab-agent')!.data.toString(), 'AGENT');
  assert.equal(by.get('bin/rr-lab-load')!.data.toString(), 'LOAD');
  assert.deepEqual(by.get('dev/console')!.rdev, [5, 1]);
  assert.ok(by.get('init')!.data.toString().startsWith('#!/bin/busybox sh\n'));
});

test('/init sets zram and tracing up in the guest as capture does, runs the workload, marks done, powers off', () => {
  const s = initScript(run);
  const f = reclaimFilters([WORKLOAD_COMM, AGENT_COMM]);
  assert.match(f.sched_switch, /prev_comm ~ "rr-lab-agent"/, 'the agent reclaims too: its switches are traced');
  assert.ok(s.includes(`echo lzo-rle > /sys/block/zram0/comp_algorithm && echo 768M > /sys/block/zram0/disksize`));
  assert.ok(s.includes('swapon /dev/zram0'));
  assert.ok(s.includes('echo mono > /sys/kernel/tracing/trace_clock'));
  assert.ok(s.includes('echo 1 > /sys/kernel/tracing/events/vmscan/enable'));
  assert.ok(s.includes('echo 1 > /sys/kernel/tracing/events/kmem/mm_page_alloc_extfrag/enable'), 'migratetype fallbacks (they boost the watermarks) are traced');
  const load = s.indexOf(`/bin/rr-lab-load ${workloadArgs(run.workload).join(' ')}`);
  assert.ok(s.indexOf('pagetypeinfo_before.txt') < load && s.indexOf('pagetypeinfo_after.txt') > load,
    'free lists per migratetype are recorded before and after the workload');
  assert.ok(s.includes(`'${f.sched_switch}' > /sys/kernel/tracing/events/sched/sched_switch/filter`));
  assert.ok(s.includes(`mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 ${GUEST_SHARE_TAG} /out`));
  assert.ok(s.includes(`/bin/rr-lab-load ${workloadArgs(run.workload).join(' ')}`));
  const done = s.indexOf(`echo done > /out/${DONE_FILE}`);
  assert.ok(done > s.indexOf('/bin/rr-lab-load') && done < s.lastIndexOf('poweroff -f'), 'done only after the workload, before power-off');
  assert.ok(s.indexOf('kill $AGENT') < done, 'the agent has flushed before done');
  const rest = s.indexOf("grep -v '^#' /sys/kernel/tracing/trace >> /out/ftrace.txt");
  assert.ok(rest > s.indexOf('kill $AGENT') && rest > s.indexOf('echo 0 > /sys/kernel/tracing/tracing_on') && rest < done,
    'what the drainer left in the ring buffer is appended after tracing stopped and the agent exited, before done');
});

test('QEMU: TCG multi-threaded, no KVM, the output shared over 9p, serial into a file, no reboot', () => {
  const a = qemuArgs({ kernel: '/k/bzImage', initrd: '/t/i.gz', cpus: 2, memMiB: 1024, outDir: '/o', consoleLog: '/o/console.log', append: ['x=1'] });
  const after = (flag: string) => a[a.indexOf(flag) + 1];
  assert.equal(after('-accel'), 'tcg,thread=multi');
  assert.equal(after('-smp'), '2');
  assert.equal(after('-m'), '1024M');
  assert.equal(after('-kernel'), '/k/bzImage');
  assert.equal(after('-initrd'), '/t/i.gz');
  assert.equal(after('-serial'), 'file:/o/console.log');
  assert.equal(after('-virtfs'), `local,path=/o,mount_tag=${GUEST_SHARE_TAG},security_model=none,id=${GUEST_SHARE_TAG}`);
  assert.match(after('-append'), /^console=ttyS0 panic=-1 .* x=1$/);
  assert.ok(a.includes('-no-reboot'));
  assert.ok(!a.some((x) => /kvm/.test(x)));
  assert.equal(after('-nic'), 'none');
});

test('workload shapes scale with the guest memory', () => {
  const steady = workloadSpec('steady', 1000, 50);
  assert.deepEqual([steady.procs, steady.sizeMiB, steady.rateMiBs, steady.holdS], [1, 1400, 47, 50]);
  const sat = workloadSpec('saturate', 2000, 30);
  assert.deepEqual([sat.procs, sat.sizeMiB, sat.rateMiBs], [2, 1600, 0]);
  assert.ok(sat.procs * sat.sizeMiB > 2000, 'the eaters together exceed RAM');
  const b = workloadSpec('bursty', 1000, 30);
  assert.ok(b.holdS < b.seconds && b.gapS > 0, 'apps start and exit');
  assert.deepEqual(workloadArgs(b), ['30', '3', '450', '0', '4', '3', '35', '20000', '1']);
  assert.match(describeWorkload(b), /^bursty: 3 apps at once of 450 MiB each, filled at full speed/);
});

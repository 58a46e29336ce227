// QEMU's host CPU over a lab run, from /proc: the stat line's utime + stime, and the check that a pair's halves had
// about the same host.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { hostShareWarning, loadavg1, statCpuS, watchHostShare, type HostShare } from './hostShare';

test('utime + stime come after the parenthesised comm, which may hold spaces and parentheses', () => {
  const line = '4370 (qemu (x86) 64) S 4285 4370 17137 0 -1 4194560 1204 0 0 0 2350 410 0 0 30 10 5 0 1234 1 1 2 3';
  assert.equal(statCpuS(line, 100), 27.6);
  assert.equal(statCpuS('garbage', 100), undefined);
  assert.equal(statCpuS('12 (x) S 1 2', 100), undefined, 'a line cut short');
  assert.equal(loadavg1('17.56 16.66 13.49 9/1234 5678\n'), 17.56);
});

test('a pair whose halves had the same host passes; one whose host load changed between them is named', () => {
  const h = (cpus: number, load: [number, number]): HostShare => ({ qemuCpuS: cpus * 100, cpusPerWallS: cpus, loadavg: load });
  assert.equal(hostShareWarning(h(1.6, [3, 4]), h(1.5, [4, 4])), undefined);
  const w = hostShareWarning(h(1.6, [3, 4]), h(0.7, [15, 18]));
  assert.match(w!, /1\.60 and 0\.70 host CPUs on average \(×0\.44; host load 3\.0 → 4\.0 and 15\.0 → 18\.0\)/);
  assert.equal(hostShareWarning(undefined, h(1, [1, 1])), undefined, 'an older run without the record says nothing');
});

test('a process that burns CPU is seen burning it, and its last sample stands once it is gone', async () => {
  // Half a second of its own CPU time, however long the shared machine takes to give it.
  const child = spawn(process.execPath, ['-e', 'const c = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }; while (c() < 0.5) {}']);
  const w = watchHostShare(child.pid, 50);
  const t0 = Date.now();
  await new Promise((done) => child.on('close', done));
  const share = w.stop((Date.now() - t0) / 1000);
  assert.ok(share.qemuCpuS > 0.2, `CPU seconds ${share.qemuCpuS}`);
  assert.ok(share.cpusPerWallS > 0 && share.cpusPerWallS <= 2, `${share.cpusPerWallS} CPUs`);
  assert.equal(share.loadavg.length, 2);
});

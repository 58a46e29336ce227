import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWriteFolio, splitAdb } from './captureCommand';
import { stressPlan } from './stressCommand';

test('--adb takes an optional serial and leaves the workload command alone', () => {
  assert.deepEqual(splitAdb(['--out', 'd', '--adb']), { argv: ['--out', 'd'], adb: {} });
  assert.deepEqual(splitAdb(['--adb', 'R5CT', '--out', 'd']), { argv: ['--out', 'd'], adb: { serial: 'R5CT' } });
  assert.deepEqual(splitAdb(['--adb', '--out', 'd']), { argv: ['--out', 'd'], adb: {} });
  assert.deepEqual(splitAdb(['--adb=X1']), { argv: [], adb: { serial: 'X1' } });
  assert.deepEqual(splitAdb(['--out', 'd', '--', 'cmd', '--adb', 'z']), { argv: ['--out', 'd', '--', 'cmd', '--adb', 'z'], adb: undefined });
});

test('--write-folio is all, off or START+LEN', () => {
  assert.equal(parseWriteFolio(undefined), 'all');
  assert.equal(parseWriteFolio('off'), 'off');
  assert.deepEqual(parseWriteFolio('12+5'), { startS: 12, lenS: 5 });
  assert.deepEqual(parseWriteFolio('1.5+0.5'), { startS: 1.5, lenS: 0.5 });
  assert.throws(() => parseWriteFolio('12'), /--write-folio/);
});

test('stress options are validated', () => {
  const p = stressPlan({ 'size-mib': '512', algorithm: 'lzo-rle', mix: 'zero=1,rand=1' }, 10);
  assert.equal(p.workload.sizeMiB, 512);
  assert.equal(p.workload.seconds, 10);
  assert.equal(p.system.algorithm, 'lzo-rle');
  assert.equal(p.workload.mix.rand, 1);
  assert.throws(() => stressPlan({ algorithm: 'zstd' }, 10), /--algorithm/);
  assert.throws(() => stressPlan({ 'size-mib': '-1' }, 10), /--size-mib/);
  assert.throws(() => stressPlan({ 'abort-mib': '4000' }, 10), /--abort-mib/);
});

test('--shape bursty carries the app schedule to the workload; the app options need it', () => {
  const steady = stressPlan({}, 10);
  assert.equal(steady.workload.burst, undefined);
  assert.equal(steady.workload.sizeMiB, 4096);
  const b = stressPlan({ shape: 'bursty', apps: '4', 'app-every': '7.5' }, 60);
  assert.deepEqual(b.workload.burst, { apps: 4, everyS: 7.5, appSeconds: 15 });
  assert.equal(b.workload.sizeMiB, 2560); // per app
  assert.equal(b.workload.seconds, 60);
  assert.throws(() => stressPlan({ shape: 'wavy' }, 10), /--shape/);
  assert.throws(() => stressPlan({ apps: '3' }, 10), /--apps.*bursty/);
  assert.throws(() => stressPlan({ shape: 'bursty', apps: '2.5' }, 10), /--apps/);
});

test('--offline-cpus is a list of CPUs above 0', () => {
  assert.deepEqual(stressPlan({}, 10).system.offlineCpus, []);
  assert.deepEqual(stressPlan({ 'offline-cpus': '1' }, 10).system.offlineCpus, [1]);
  assert.deepEqual(stressPlan({ 'offline-cpus': '3, 2,3' }, 10).system.offlineCpus, [3, 2]);
  assert.throws(() => stressPlan({ 'offline-cpus': '0' }, 10), /--offline-cpus/);
  assert.throws(() => stressPlan({ 'offline-cpus': 'all' }, 10), /--offline-cpus/);
});

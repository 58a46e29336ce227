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

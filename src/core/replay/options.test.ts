import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OptionError } from '../errors';
import { resolveOptions } from './options';

test('defaults: 4 workers × 4096 for v1, a 256 FIFO for mm', () => {
  const o = resolveOptions();
  assert.equal(o.kcompressd, 4);
  assert.equal(o.queue, 4096);
  assert.equal(o.pressure, 'capture');
  assert.equal(resolveOptions({ variant: 'mm' }).queue, 256);
  assert.equal(resolveOptions({ variant: 'mm', queue: 64 }).queue, 64);
});

test('out-of-range values are OptionErrors naming the flag', () => {
  const bad: [object, RegExp][] = [
    [{ kcompressd: 0 }, /--kcompressd/], [{ queue: 1.5 }, /--queue/], [{ cpus: -1 }, /--cpus/],
    [{ compressShare: 1 }, /--compress-share/], [{ compressShare: 0 }, /--compress-share: must be a number in \(0, 1\) exclusive, got 0/], [{ variant: 'v3' }, /--variant/], [{ algorithm: 'zstd' }, /--algorithm/],
    [{ pressure: 'max' }, /--pressure/], [{ seed: NaN }, /--seed/], [{ profile: '' }, /--profile/],
  ];
  for (const [p, re] of bad) assert.throws(() => resolveOptions(p), (e: unknown) => e instanceof OptionError && re.test(e.message), JSON.stringify(p));
});

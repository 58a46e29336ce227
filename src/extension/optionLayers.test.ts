import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merge, rerunPart } from './optionLayers';

test('a change overrides the base and keeps the rest', () => {
  assert.deepEqual(merge({ kcompressd: 4, queue: 4096, variant: 'v1', series: true }, { kcompressd: 8 }),
    { kcompressd: 8, queue: 4096, variant: 'v1', series: true });
});

test('switching variant drops the old queue size unless one is given', () => {
  assert.equal(merge({ variant: 'v1', queue: 4096 }, { variant: 'mm' }).queue, undefined);
  assert.equal(merge({ variant: 'v1', queue: 4096 }, { variant: 'mm', queue: 128 }).queue, 128);
  assert.equal(merge({ variant: 'v1', queue: 4096 }, { variant: 'v1' }).queue, 4096);
});

test('rerunPart keeps only the changeable, defined options', () => {
  assert.deepEqual(rerunPart({ kcompressd: 2, series: true, resolutionS: 0.1, seed: 3, cpus: undefined, pressure: 'saturate' }),
    { kcompressd: 2, pressure: 'saturate' });
});

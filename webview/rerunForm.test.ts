/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRerunForm } from './rerunForm';
import { isRerunOptions } from '../src/shared/protocol';

test('the re-run form parses whole numbers, keeps CPUs optional and names the bad field', () => {
  const base = { variant: 'v1', kcompressd: '4', queue: '4096', cpus: '', profile: 'phone', pressure: 'capture' };
  const ok = readRerunForm(base);
  assert.deepEqual(ok, { kcompressd: 4, queue: 4096, variant: 'v1', pressure: 'capture', profile: 'phone' });
  assert.equal(isRerunOptions(ok), true, 'what the form produces passes the protocol guard');
  assert.deepEqual(readRerunForm({ ...base, cpus: ' 8 ' }), { kcompressd: 4, queue: 4096, cpus: 8, variant: 'v1', pressure: 'capture', profile: 'phone' });
  assert.equal(readRerunForm({ ...base, kcompressd: '0' }), 'kcompressd workers: must be an integer 1..64, got "0"', 'the CLI\'s range and words');
  assert.match(readRerunForm({ ...base, kcompressd: '65' }) as string, /1\.\.64, got "65"/, 'above the vocabulary\'s maximum');
  assert.match(readRerunForm({ ...base, queue: '1.5' }) as string, /queue size/);
  assert.match(readRerunForm({ ...base, cpus: 'x' }) as string, /CPUs/);
  assert.match(readRerunForm({ ...base, variant: 'v9' }) as string, /unknown variant/);
  assert.match(readRerunForm({ ...base, pressure: 'max' }) as string, /unknown pressure/);
  assert.match(readRerunForm({ ...base, profile: ' ' }) as string, /profile/);
});

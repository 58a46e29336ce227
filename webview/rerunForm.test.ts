/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRerunForm } from './rerunForm';
import { isRerunOptions } from '../src/shared/protocol';

test('the re-run form parses whole numbers, keeps CPUs optional and names the bad field', () => {
  const base = { variant: 'v1', workers: '4', queue: '4096', cpus: '', profile: 'phone', pressure: 'capture' };
  const ok = readRerunForm(base);
  assert.deepEqual(ok, { kcompressd: 4, queue: 4096, variant: 'v1', pressure: 'capture', profile: 'phone' });
  assert.equal(isRerunOptions(ok), true, 'what the form produces passes the protocol guard');
  assert.deepEqual(readRerunForm({ ...base, cpus: ' 8 ' }), { kcompressd: 4, queue: 4096, cpus: 8, variant: 'v1', pressure: 'capture', profile: 'phone' });
  assert.match(readRerunForm({ ...base, workers: '0' }) as string, /workers must be a whole number/);
  assert.match(readRerunForm({ ...base, queue: '1.5' }) as string, /queue size/);
  assert.match(readRerunForm({ ...base, cpus: 'x' }) as string, /CPUs/);
  assert.match(readRerunForm({ ...base, variant: 'v9' }) as string, /unknown variant/);
  assert.match(readRerunForm({ ...base, pressure: 'max' }) as string, /unknown pressure/);
  assert.match(readRerunForm({ ...base, profile: ' ' }) as string, /profile/);
});

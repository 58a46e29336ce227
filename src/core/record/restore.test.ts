import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestoreStack } from './restore';

test('restore runs newest first, keeps going after a failure and runs each step once', () => {
  const r = new RestoreStack();
  const done: string[] = [];
  r.push('a', () => done.push('a'));
  r.push('b', () => {
    throw new Error('boom');
  });
  r.push('c', () => done.push('c'));
  const logs: string[] = [];
  const failures = r.restoreAll((m) => logs.push(m));
  assert.deepEqual(done, ['c', 'a']);
  assert.deepEqual(failures, ['restore failed: b: boom']);
  assert.equal(logs.length, 3);
  assert.deepEqual(r.restoreAll(() => {}), []);
  assert.deepEqual(done, ['c', 'a']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommCache } from './commCache';

test('returns the same string per task and follows a comm change (exec)', () => {
  const c = new CommCache();
  const b = Buffer.from('kswapd0|kswapd0|bash|sh|Jit thread pool|ünï');
  const a1 = c.of(45, b, 0, 7);
  assert.equal(a1, 'kswapd0');
  assert.equal(c.of(45, b, 8, 15), a1);
  assert.equal(c.of(7, b, 16, 20), 'bash');
  assert.equal(c.of(7, b, 21, 23), 'sh');
  assert.equal(c.of(45, b, 0, 7), 'kswapd0');
  assert.equal(c.of(9, b, 24, 39), 'Jit thread pool');
  assert.equal(c.of(9, b, 40, b.length), 'ünï');
});

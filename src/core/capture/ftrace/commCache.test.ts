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

test('keeps several comms per pid (swapper/<cpu> is pid 0 on every CPU) without decoding again', () => {
  const c = new CommCache();
  const b = Buffer.from('swapper/0|swapper/1');
  const s0 = c.of(0, b, 0, 9);
  const s1 = c.of(0, b, 10, 19);
  assert.deepEqual([s0, s1], ['swapper/0', 'swapper/1']);
  // Once both are cached, alternating between them decodes nothing.
  const decode = b.toString;
  let decodes = 0;
  b.toString = function (...args: Parameters<Buffer['toString']>) {
    decodes++;
    return decode.apply(this, args);
  };
  for (let i = 0; i < 4; i++) {
    assert.equal(c.of(0, b, 0, 9), 'swapper/0');
    assert.equal(c.of(0, b, 10, 19), 'swapper/1');
  }
  assert.equal(decodes, 0);
});

test('a task renamed many times still gets its current comm', () => {
  const c = new CommCache();
  for (let i = 0; i < 40; i++) {
    const b = Buffer.from(`worker-${i}`);
    assert.equal(c.of(7, b, 0, b.length), `worker-${i}`);
  }
  const b = Buffer.from('worker-1');
  assert.equal(c.of(7, b, 0, b.length), 'worker-1');
});

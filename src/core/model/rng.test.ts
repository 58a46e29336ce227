import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng';

const take = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextU32());

test('same seed gives the same stream, different seeds differ', () => {
  assert.deepEqual(take(new Rng(42), 100), take(new Rng(42), 100));
  assert.notDeepEqual(take(new Rng(42), 100), take(new Rng(43), 100));
  assert.notDeepEqual(take(new Rng(0), 100), take(new Rng(2 ** 32), 100));
});

test('next() is in [0,1) with a plausible mean; int(n) stays in range and hits every value', () => {
  const r = new Rng(7);
  let sum = 0;
  const seen = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    const k = r.int(10);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 10);
    seen.add(k);
  }
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
  assert.equal(seen.size, 10);
});

test('exp(mean) has the requested mean and is never negative', () => {
  const r = new Rng(9);
  let sum = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    const x = r.exp(3);
    assert.ok(x >= 0);
    sum += x;
  }
  assert.ok(Math.abs(sum / n - 3) < 0.05, `mean ${sum / n}`);
});

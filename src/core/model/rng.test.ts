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

test('binomial(n, p) has mean n·p and variance n·p·(1−p), stays in [0, n], and draws nothing when certain', () => {
  const r = new Rng(11);
  for (const [n, p] of [[32, 0.4], [32, 0.93], [5, 0.5], [1, 0.2], [700, 0.01], [2000, 0.7]] as const) {
    const trials = 40_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < trials; i++) {
      const k = r.binomial(n, p);
      assert.ok(Number.isInteger(k) && k >= 0 && k <= n, `${k} of ${n}`);
      sum += k;
      sq += k * k;
    }
    const mean = sum / trials;
    const variance = sq / trials - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(mean - n * p) < 5 * sd / Math.sqrt(trials), `n ${n} p ${p}: mean ${mean}`);
    assert.ok(Math.abs(variance / (n * p * (1 - p)) - 1) < 0.05, `n ${n} p ${p}: variance ${variance}`);
  }
  const a = new Rng(3);
  const b = new Rng(3);
  assert.equal(a.binomial(32, 0), 0);
  assert.equal(a.binomial(32, 1), 32);
  assert.equal(a.binomial(0, 0.5), 0);
  assert.equal(a.nextU32(), b.nextU32(), 'certain outcomes take no draw');
});

test('binomial(32, p) matches the exact law (χ² over its outcomes)', () => {
  const r = new Rng(5);
  const n = 32;
  const p = 0.37;
  const trials = 100_000;
  const seen = new Float64Array(n + 1);
  for (let i = 0; i < trials; i++) seen[r.binomial(n, p)]++;
  let pmf = (1 - p) ** n;
  let chi2 = 0;
  let cells = 0;
  for (let k = 0; k <= n; k++) {
    const expected = pmf * trials;
    if (expected >= 5) { chi2 += (seen[k] - expected) ** 2 / expected; cells++; }
    pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  assert.ok(chi2 < cells * 2, `χ² ${chi2.toFixed(1)} over ${cells} cells`);
});

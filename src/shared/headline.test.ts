/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmt, headline, headlineCards, kcompressdIdle, statusText } from './headline';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('headline figures come from the two scenarios', () => {
  const r = fakeResult(0);
  const h = headline(r);
  assert.equal(h.speedup, 720000 / 300000);
  assert.equal(h.allocstallChangePct, (540 / 1200 - 1) * 100);
  assert.equal(h.kswapdCpuFreedPts, 98 - 41);
  assert.equal(h.fifoFullPct, 12.5);
  assert.equal(statusText(h), 'kcompressd ×2.4 pgsteal_anon/s');
  assert.deepEqual(headlineCards(h).map((c) => c.value), ['×2.40', '-55.0 %', '57.0 pts', '12.5 %']);
  // Replayed figures, not measured ones: every card says so.
  assert.deepEqual(headlineCards(h).map((c) => c.label), ['simulated pgsteal_anon/s speed-up', 'simulated allocstall change', 'simulated kswapd CPU freed', 'simulated FIFO full']);
});

test('unavailable figures carry their reason, and a zero baseline is not a ratio', () => {
  const r = fakeResult(0);
  r.baseline.allocstalls = 0;
  r.kcompressd.kswapdCpuPct = { unavailable: 'no kswapd CPU in capture' };
  const h = headline(r);
  assert.deepEqual(h.allocstallChangePct, { unavailable: 'baseline allocstalls is 0' });
  assert.deepEqual(h.kswapdCpuFreedPts, { unavailable: 'no kswapd CPU in capture' });
  const cards = headlineCards(h);
  assert.equal(cards[2].value, 'n/a');
  assert.equal(cards[2].note, 'no kswapd CPU in capture');
  r.baseline.pgstealAnonPerS = { unavailable: 'x' };
  assert.match(statusText(headline(r)), /no pgsteal_anon/);
});

// trial4: a column printed "8096" beside "70,893" (separators only from 10,000 on).
test('fmt separates thousands at every magnitude, so a column has one digit style', () => {
  assert.deepEqual([fmt(8096), fmt(70893.3), fmt(1234.5, 2), fmt(-2500), fmt(99.5), fmt(12.345, 2)], ['8,096', '70,893', '1,235', '-2,500', '99.5', '12.35']);
});

// trial13 F1/F4: B's tile read "×1.00 speed-up" though kcompressd never ran; A's "×0.99 speed-up" was a slow-down.
test('the speed-up card says a slow-down, and says when kcompressd never engaged', () => {
  const r = fakeResult(0);
  assert.equal(kcompressdIdle(r), false);
  r.kcompressd.pgstealAnonPerS = 297000;
  assert.equal(headlineCards(headline(r), kcompressdIdle(r))[0].label, 'simulated pgsteal_anon/s: a slow-down (see kcompressd below)');
  r.kcompressd.pgstealAnonPerS = 300000;
  r.kcompressd.workerPages = [0, 0, 0, 0];
  assert.equal(kcompressdIdle(r), true);
  const card = headlineCards(headline(r), kcompressdIdle(r))[0];
  assert.deepEqual([card.value, card.label], ['×1.00', 'simulated pgsteal_anon/s speed-up: kcompressd never engaged (see kcompressd below)']);
});

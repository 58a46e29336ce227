import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kswapdIpisOver, MIN_BIN_FOLIOS } from './tlbIpis';
import type { TlbFlushSummary } from '../capture/types';

const t: TlbFlushSummary = {
  reasons: [], perCpu: [], byComm: {}, binStartS: 100,
  perSecond: [[], [], [], [], [], [2, 0, 4, 0]],
  kswapd: { ipiSent: [1000, 120, 500, 0], ipiAnswered: [990, 100, 50, 0], anonReclaimed: [1000, MIN_BIN_FOLIOS - 1, 1000, 0], anonBatches: [40, 4, 40, 0] },
};

test('kswapd\'s IPIs over a span: bins weighted by their share inside it, per-second extremes over seconds with enough folios', () => {
  const r = kswapdIpisOver(t, { startS: 100.5, endS: 103 });
  assert.deepEqual([r.sent, r.answered, r.anonReclaimed, r.trims], [500 + 120 + 500, 495 + 100 + 50, 500 + 99 + 1000, 1 + 4]);
  assert.equal(r.perFolio, 645 / 1599);
  // The second with 99 folios (100/99 > 1) is no per-second extreme.
  assert.deepEqual([r.minPerFolio, r.maxPerFolio], [0.05, 0.99]);
  const none = kswapdIpisOver(t, { startS: 103, endS: 110 });
  assert.ok(Number.isNaN(none.perFolio) && Number.isNaN(none.minPerFolio));
});

// Swap slots leave zram on swap-in and, without any swap-in, on swap_free() → zram_slot_free_notify().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../rng';
import { PageCorpus } from './corpus';
import { SwapArea } from './swapArea';

test('slot_free_notify frees stored and zeromap slots without a swap-in, and zram shrinks', () => {
  const corpus = PageCorpus.build({ algorithm: 'lz4', seed: 1 });
  const rng = new Rng(3);
  const swap = new SwapArea(true);
  for (let i = 0; i < 5_000; i++) swap.store(corpus.draw(rng));
  const before = swap.stat();
  assert.equal(swap.slots, 5_000);
  assert.equal(swap.slotFreeNotify(4_000, rng), 4_000);
  assert.equal(swap.slots, 1_000);
  assert.equal(swap.notifyFreed, 4_000);
  const after = swap.stat();
  assert.ok(after.origDataSize < before.origDataSize / 3, `orig ${before.origDataSize} → ${after.origDataSize}`);
  assert.ok(swap.poolPages < before.memUsedTotal / 4096);
  assert.equal(swap.slotFreeNotify(5_000, rng), 1_000, 'no more than it holds');
  assert.equal(swap.slots, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_PROFILES } from '../profiles/builtin';
import { pageCosts } from './costs';
import { DEFAULT_MIX, normaliseMix } from './zram/pageClasses';

const weights = normaliseMix(DEFAULT_MIX);
const perPage = (c: ReturnType<typeof pageCosts>['costs']) => {
  // mean over the mix: compress + store for compressed classes, the same-page scan for zero and fill
  const w = [...weights];
  return c.scan / 0.5 + c.unmap + c.tlb + w[0] * c.same + w[1] * c.same + [2, 3, 4, 5].reduce((a, i) => a + w[i] * (c.compress[i] + c.store), 0);
};

test('the profile\'s own split gives its compression share', () => {
  const { costs } = pageCosts(BUILTIN_PROFILES['x86-vm'], 'lz4', weights, true, 0.5);
  assert.ok(costs.compressShare > 0.15 && costs.compressShare < 0.4, `${costs.compressShare}`);
  const slow = pageCosts(BUILTIN_PROFILES['phone-little'], 'lz4', weights, true, 0.5).costs;
  assert.ok(slow.compressShare > costs.compressShare, 'a slow compressor on an ARM core (no IPI) compresses a larger share');
});

test('--compress-share re-splits the same per-page total', () => {
  const base = pageCosts(BUILTIN_PROFILES['x86-vm'], 'lz4', weights, true, 0.5).costs;
  for (const share of [0.1, 0.5, 0.62]) {
    const { costs, warning } = pageCosts(BUILTIN_PROFILES['x86-vm'], 'lz4', weights, true, 0.5, share);
    assert.equal(warning, undefined);
    assert.ok(Math.abs(costs.compressShare - share) < 1e-9, `share ${costs.compressShare}`);
    assert.ok(Math.abs(perPage(costs) - perPage(base)) / perPage(base) < 1e-9);
  }
  // Nearly all of the per-page time in the zram write: scan, unmap and TLB flush shrink together.
  const { costs } = pageCosts(BUILTIN_PROFILES['x86-vm'], 'lz4', weights, true, 0.5, 0.99);
  assert.ok(Math.abs(costs.compressShare - 0.99) < 1e-9);
  assert.ok(costs.unmap < base.unmap / 10 && costs.tlb < base.tlb / 10 && costs.scan < base.scan / 10);
});

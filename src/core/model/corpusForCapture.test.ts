import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureFigures } from '../analysis/types';
import { corpusFor } from './corpusForCapture';
import { assertWarning } from '../testing/warnings';

const figures = (zram: NonNullable<CaptureFigures['zram']>) => ({ zram }) as CaptureFigures;
const base = { ratio: null, memUsedMiB: null, sameFraction: null, hugeFraction: null, zeroShare: null };

test('legal zram states at the edge (all zero, all same, all huge, ratio < 1) fit with a note instead of throwing', () => {
  for (const [z, note] of [
    [{ ...base, zeroShare: 1 }, /zeroShare 1 fitted as 0\.999/],
    [{ ...base, ratio: 100, sameFraction: 1 }, /sameFraction 1 fitted/],
    [{ ...base, ratio: 0.5 }, /ratio 0\.5 .* fitted as 1/],
    [{ ...base, ratio: 1, hugeFraction: 1 }, /hugeFraction 1 fitted/],
  ] as const) {
    const { fit } = corpusFor(figures(z), 'lz4', 'lz4', 1, true);
    assert.match(assertWarning(fit!.warnings, 'corpus.target-clamped').message, note);
    for (const v of Object.values(fit!.mix)) assert.ok(Number.isFinite(v) && v >= 0, JSON.stringify(fit!.mix));
  }
});

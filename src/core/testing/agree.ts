// Two ways of computing one simulated or measured figure (a series' sum and the table's figure, a bin and its
// slices) must agree: an equality with float slack in the figure's own unit — not a time budget.
import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ slack (the figures' unit); `what` names the figure in the failure message. */
export function assertAgree(actual: number, expected: number, slack: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= slack, `${what}: ${actual} against ${expected} (slack ${slack})`);
}

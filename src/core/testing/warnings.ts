// Test helpers: tests match warnings by code and location, not by prose.
import assert from 'node:assert/strict';
import { warningText, type Warning, type WarningCode } from '../warnings';

/** The codes, in order. */
export const codesOf = (ws: readonly Warning[] | undefined): WarningCode[] => (ws ?? []).map((w) => w.code);

/**
 * The first warning of `code` whose file ends with `at.file` and whose line is `at.line` (when given); fails listing
 * every warning when there is none.
 */
export function assertWarning(ws: readonly Warning[] | undefined, code: WarningCode, at: { file?: string; line?: number } = {}): Warning {
  const w = (ws ?? []).find((x) => x.code === code && (at.file === undefined || (x.file ?? '').endsWith(at.file))
    && (at.line === undefined || x.line === at.line));
  assert.ok(w, `no ${code}${at.file !== undefined ? ` at ${at.file}${at.line !== undefined ? `:${at.line}` : ''}` : ''} among:\n`
    + (ws ?? []).map((x) => `  [${x.code}] ${warningText(x)}`).join('\n'));
  return w;
}

/** Fails when a warning of `code` is present. */
export function assertNoWarning(ws: readonly Warning[] | undefined, code: WarningCode): void {
  const w = (ws ?? []).find((x) => x.code === code);
  assert.equal(w, undefined, w && `unexpected [${code}] ${warningText(w)}`);
}

// The kswapd awake row: kswapd awake the whole compared span on both sides is the row's ceiling — it cannot miss,
// so it is shown as no test (text, JSON and the webview's table read the same flag), never as a ✓.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fidelityRows } from '../../shared/fidelity';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { kswapdAwakeRow } from './fidelity';
import { verdict } from './verdict';

const validation = { mode: 'split' as const, compareS: [19, 25] as [number, number], profileName: 'p', note: 'n' };

test('kswapd awake the whole span on both sides: no mark, no test, and the verdict does not count it', () => {
  // demo's held-out half: 5.799 of 5.8 s on the device, 5.800 of 5.8 s in the replay.
  const row = kswapdAwakeRow(5.799, 5.8, 5.8, 5.8, 'predicted');
  assert.equal(row.mark, undefined, 'a row at its ceiling on both sides is not a pass');
  assert.equal(row.wholeSpan, true);
  assert.match(row.why!, /awake the whole compared span on both sides/);
  const cells = fidelityRows(fakeResult(0, { fidelity: { kswapdAwakeS: row } }));
  assert.equal(cells[0].mark, 'awake the whole span on both sides; not a test');
  assert.doesNotMatch(verdict({ kswapdAwakeS: row }, validation).text, /within/, 'no predicted figure is left to be within the limit');
});

test('kswapd asleep part of the span on either side: the row is a test, a pass or a miss', () => {
  assert.equal(kswapdAwakeRow(5.8, 5.8, 5.4, 5.8, 'predicted').mark, 'pass', 'the replay slept 0.4 s: within ±10 %, a real test');
  assert.equal(kswapdAwakeRow(5.8, 5.8, 2.9, 5.8, 'predicted').mark, 'miss', 'the device never slept, the replay slept half');
  assert.equal(kswapdAwakeRow(3.0, 5.8, 5.8, 5.8, 'predicted').mark, 'miss', 'the replay never slept, the device slept half');
  assert.equal(kswapdAwakeRow(5.8, 5.8, 5.8, 5.8, 'predicted').wholeSpan, true);
  assert.equal(kswapdAwakeRow(5.8, 5.8, 5.6, 5.8, 'predicted').wholeSpan, undefined);
});

/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fidelityRows } from './fidelity';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('rows beyond ±10 % are marked as misses, within are not', () => {
  const r = fakeResult(0, { fidelity: {
    a: { observed: 100, simulated: 95, errorPct: -5 },
    b: { observed: 100, simulated: 111, errorPct: 11 },
    c: { observed: 100, simulated: 89.9, errorPct: -10.1 },
    d: { observed: 100, simulated: 110, errorPct: 10 },
    e: { observed: 0, simulated: 5, errorPct: NaN },
  } });
  const rows = fidelityRows(r);
  assert.deepEqual(rows.map((x) => [x.name, x.miss]), [['a', false], ['b', true], ['c', true], ['d', false], ['e', true]]);
  assert.equal(rows[1].error, '+11.0');
  assert.match(rows[1].mark, /more than 10 %/);
  assert.equal(rows[0].mark, '✓');
});

test('a ratio keeps the decimals that show its error; a rate does not grow them', () => {
  const rows = fidelityRows(fakeResult(0, { fidelity: {
    zramRatio: { observed: 1.954, simulated: 1.977, errorPct: 1.2 },
    pgstealAnonPerS: { observed: 28564.7, simulated: 28638.2, errorPct: 0.3 },
  } }));
  assert.deepEqual(rows.map((x) => [x.observed, x.simulated]), [['1.954', '1.977'], ['28,565', '28,638']]);
});

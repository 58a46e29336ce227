/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fidelityRows, measuredAfterRows } from './fidelity';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('only predicted rows get a pass/miss mark; fitted and input rows say they are no test', () => {
  const r = fakeResult(0, { fidelity: {
    pgstealAnonPerS: { observed: 100, simulated: 95, errorPct: -5, basis: 'predicted', mark: 'pass' },
    kswapdCpuPct: { observed: 100, simulated: 111, errorPct: 11, basis: 'predicted', mark: 'miss' },
    pgscanAnonPerS: { observed: 100, simulated: 140, errorPct: 40, basis: 'input' },
    zramRatio: { observed: 2, simulated: 3, errorPct: 50, basis: 'fitted' },
    allocstalls: { observed: 0, simulated: 0, errorPct: 0, basis: 'predicted', notExercised: true },
  } });
  const rows = fidelityRows(r);
  assert.deepEqual(rows.map((x) => [x.key, x.basis, x.miss]), [['pgstealAnonPerS', 'predicted', false], ['pgscanAnonPerS', 'input', false],
    ['kswapdCpuPct', 'predicted', true], ['allocstalls', 'predicted', false], ['zramRatio', 'fitted', false]]);
  const by = Object.fromEntries(rows.map((x) => [x.key, x]));
  assert.equal(by.kswapdCpuPct.error, '+11.0');
  assert.match(by.kswapdCpuPct.mark, /more than 10 %/);
  assert.match(by.pgstealAnonPerS.mark, /✓/);
  assert.equal(by.pgscanAnonPerS.mark, 'input, not a test');
  assert.equal(by.zramRatio.mark, 'fit, not a test');
  assert.equal(by.allocstalls.error, 'not exercised');
  assert.equal(by.allocstalls.mark, 'not exercised');
});

test('a ratio keeps the decimals that show its error; a rate does not grow them', () => {
  const rows = fidelityRows(fakeResult(0, { fidelity: {
    zramRatio: { observed: 1.954, simulated: 1.977, errorPct: 1.2, basis: 'fitted' },
    pgstealAnonPerS: { observed: 28564.7, simulated: 28638.2, errorPct: 0.3, basis: 'predicted', mark: 'pass' },
  } }));
  assert.deepEqual(rows.map((x) => [x.observed, x.simulated]), [['28,565', '28,638'], ['1.954', '1.977']]);
});

test('min free reads to 0.1 MiB as parse and the headline give it (A: 3,082.8, not 3,083)', () => {
  const rows = fidelityRows(fakeResult(0, { fidelity: { minFreeMiB: { observed: 3082.8, simulated: 3400.1, errorPct: 10.3, basis: 'predicted', mark: 'miss' } } }));
  assert.deepEqual(rows.map((x) => [x.observed, x.simulated]), [['3,082.8', '3,400.1']]);
});

test('observed 0 reads "device 0, replay N", a failed fit and an input that does not hold say so; one precision per row', () => {
  const rows = fidelityRows(fakeResult(0, { fidelity: {
    allocstalls: { observed: 0, simulated: 1599, errorPct: 100, basis: 'predicted', mark: 'miss', deviceZero: true },
    zramMemUsedMiB: { observed: 79.8, simulated: 909, errorPct: 1039.1, basis: 'fitted', fitFailed: true },
    pgscanAnonPerS: { observed: 56906, simulated: 90651, errorPct: 59.3, basis: 'input', inputOff: true, why: 'whole-capture ratio' },
    kswapdCpuPct: { observed: 12.8, simulated: 8.102, errorPct: -36.7, basis: 'predicted', mark: 'miss' },
    pgstealAnonPerS: { observed: 7122, simulated: 13914, errorPct: 95.4, basis: 'predicted', mark: 'miss' },
  } }));
  const by = Object.fromEntries(rows.map((x) => [x.key, x]));
  assert.equal(by.allocstalls.error, 'device 0, replay 1,599');
  assert.match(by.allocstalls.mark, /device had none/);
  assert.match(by.zramMemUsedMiB.mark, /^fit failed: .*not a test$/, 'a fitted row never carries ✓ or ✗');
  assert.equal(by.zramMemUsedMiB.miss, true);
  assert.doesNotMatch(by.pgscanAnonPerS.mark, /^input, not a test$/);
  assert.deepEqual([by.kswapdCpuPct.observed, by.kswapdCpuPct.simulated], ['12.8', '8.1']);
  assert.deepEqual([by.pgstealAnonPerS.observed, by.pgstealAnonPerS.simulated], ['7,122', '13,914']);
  assert.equal(by.zramMemUsedMiB.error, '+1,039.1');
});

test('a simulated window end that is the replay\'s end reads as a lower bound, not as an end', () => {
  const end = { observed: 25.1, simulated: 35.2, errorPct: 86.5, basis: 'predicted' as const, mark: 'miss' as const, atLeast: true };
  const [row] = fidelityRows(fakeResult(0, { fidelity: { windowEndS: end } }));
  assert.equal(row.simulated, '≥ 35.2');
  assert.equal(row.error, '≥ +86.5');
  assert.equal(row.mark, '✗ did not end before the replay\'s end');
  const [bound] = fidelityRows(fakeResult(0, { fidelity: { windowEndS: { ...end, errorPct: 6.4, mark: undefined } } }));
  assert.equal(bound.error, '≥ +6.4');
  assert.equal(bound.mark, 'did not end before the replay\'s end; not a test');
  assert.equal(bound.miss, false);
  const [ended] = fidelityRows(fakeResult(0, { fidelity: { windowEndS: { ...end, atLeast: undefined } } }));
  assert.equal(ended.simulated, '35.2');
  assert.equal(ended.mark, '✗ misses by more than 10 %');
});

test('a zone snapshot from another moment is shown with its reason, never marked', () => {
  const row = { observed: 9000, simulated: 3000, errorPct: -66.7, basis: 'predicted' as const, otherMoment: true, why: 'another moment' };
  const [cells] = fidelityRows(fakeResult(0, { fidelity: { 'freePagesEndByZone.DMA32': row } }));
  assert.equal(cells.name, 'free at capture end, DMA32');
  assert.equal(cells.mark, 'not a test: observed at another moment (see why)');
  assert.equal(cells.miss, false);
});

// trial12 #7: B's window start read "5" where A's read "11.2"; an error that rounds to zero read "-0.0".
test('seconds keep 0.1 s whatever their value; an error that rounds to zero has no sign', () => {
  const rows = fidelityRows(fakeResult(0, { fidelity: {
    windowStartS: { observed: 5, simulated: 5, errorPct: -0, basis: 'input' },
    kswapdWakes: { observed: 3, simulated: 4, errorPct: 33.3, basis: 'predicted', mark: 'miss' },
    zramMemUsedMiB: { observed: 624.3, simulated: 624.31, errorPct: -0, basis: 'fitted' },
  } }));
  const by = Object.fromEntries(rows.map((x) => [x.key, x]));
  assert.deepEqual([by.windowStartS.observed, by.windowStartS.simulated, by.windowStartS.error], ['5.0', '5.0', '0.0']);
  assert.deepEqual([by.kswapdWakes.observed, by.kswapdWakes.simulated], ['3', '4']);
  assert.deepEqual([by.zramMemUsedMiB.observed, by.zramMemUsedMiB.error], ['624', '0.0'], 'mem_used in whole MiB as the replay table prints it');
});

// trial12 #6: the predicted-vs-measured table printed "4,635.6" pages/s where the replay table printed 4,636.
test('predicted-vs-measured rows use the replay table\'s decimals', () => {
  const rows = measuredAfterRows({ measuredAfter: {
    pgstealAnonPerS: { predicted: 4635.6, measured: 4800.2, errorPct: -3.4 },
    kswapdCpuPct: { predicted: 50, measured: 48, errorPct: 4.2 },
  } });
  assert.deepEqual(rows.map((x) => [x.predicted, x.measured]), [['4,636', '4,800'], ['50.0', '48.0']]);
});

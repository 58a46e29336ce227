import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grouped, msText, unsignedZero } from './numberText';

// trial12 #7: prose printed "1300611 pages" and "≤ 160092 pages" where the tables print "1,300,611".
test('prose numbers are thousands separated and rounded to their decimals', () => {
  assert.equal(grouped(1300611), '1,300,611');
  assert.equal(grouped(160091.6), '160,092');
  assert.equal(grouped(999), '999');
  assert.equal(grouped(1234.56, 1), '1,234.6');
});

// trial12 #7: the fidelity table printed "-0.0" for an error that rounds to zero.
test('a value that rounds to zero is unsigned', () => {
  assert.equal(grouped(-0.0004, 1), '0');
  assert.equal(grouped(-0), '0');
  assert.equal(unsignedZero('-0.0'), '0.0');
  assert.equal(unsignedZero('-0.05'), '-0.05');
  assert.equal(unsignedZero('-10'), '-10');
});

// trial12 #6: "workers waited 7,873.7 ms for a core": a sum of simulated slices has no 0.1 ms precision at that size.
test('summed milliseconds print whole from 100 ms on, to 0.1 ms below', () => {
  assert.deepEqual([msText(7873.7), msText(215.77), msText(42.34), msText(0)], ['7,874', '216', '42.3', '0']);
});

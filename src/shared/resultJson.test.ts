/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64, resultFromJson, resultToJson } from './resultJson';
import { isReplayResult } from './protocol';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('base64 matches Buffer and round-trips any bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (a) => {
    const s = bytesToBase64(a);
    assert.equal(s, Buffer.from(a).toString('base64'));
    assert.deepEqual(base64ToBytes(s), a);
  }));
  assert.throws(() => base64ToBytes('abc'), /invalid base64/);
});

test('a result survives JSON with exact series values (NaN and -0 included)', () => {
  const r = fakeResult(257);
  r.series!.baseline.freePages[3] = NaN;
  r.series!.kcompressd.zramRatio[5] = -0;
  const back = resultFromJson(JSON.parse(JSON.stringify(resultToJson(r))));
  assert.equal(isReplayResult(back), true);
  const s = (back as typeof r).series!;
  assert.deepEqual(s.t, r.series!.t);
  assert.ok(Number.isNaN(s.baseline.freePages[3]));
  assert.ok(Object.is(s.kcompressd.zramRatio[5], -0));
  assert.deepEqual(s.kcompressd.pgstealAnonPerS, r.series!.kcompressd.pgstealAnonPerS);
  assert.deepEqual((back as typeof r).kcompressd, r.kcompressd);
});

test('a series view into a larger buffer encodes only its own bytes', () => {
  const big = new Float64Array([9, 1, 2, 3, 9]);
  const r = fakeResult(0, { series: { t: big.subarray(1, 4), baseline: { a: big.subarray(1, 4) }, kcompressd: {}, watermarks: { min: 1, low: 2, high: 3 } } });
  const back = resultFromJson(JSON.parse(JSON.stringify(resultToJson(r)))) as typeof r;
  assert.deepEqual(Array.from(back.series!.t), [1, 2, 3]);
});

test('a measured-after capture\'s curves and rows survive JSON and the protocol; a short curve is refused', () => {
  const r = fakeResult(40);
  r.series!.measuredAfter = { pgstealAnonPerS: r.series!.kcompressd.pgstealAnonPerS.map((v) => v / 2) };
  r.measuredAfter = { pgstealAnonPerS: { predicted: 2, measured: 1, errorPct: 100 } };
  r.measuredAfterCapture = 'lab/x-kcompressd';
  const back = resultFromJson(JSON.parse(JSON.stringify(resultToJson(r)))) as typeof r;
  assert.equal(isReplayResult(back), true);
  assert.deepEqual(back.series!.measuredAfter!.pgstealAnonPerS, r.series!.measuredAfter.pgstealAnonPerS);
  assert.deepEqual(back.measuredAfter, r.measuredAfter);
  r.series!.measuredAfter = { pgstealAnonPerS: new Float64Array(3) };
  assert.equal(isReplayResult(r), false, 'a curve off the time base');
  assert.equal(isReplayResult({ ...fakeResult(4), measuredAfter: { pgstealAnonPerS: { predicted: 'x' } } }), false);
});

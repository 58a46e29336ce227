/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriesToCsv, seriesToJson } from './seriesExport';
import { fakeResult } from '../../test/fixtures/fakeResult';

test('CSV has a header, one row per sample and blanks for NaN', () => {
  const r = fakeResult(20);
  r.series!.baseline.freePages[2] = NaN;
  const all = seriesToCsv(r).trimEnd().split('\n');
  // Title, capture and options first, as comment lines.
  assert.deepEqual(all.slice(0, 3).map((l) => l.split(':')[0]), ['# Reclaim Replay', '# capture', '# options']);
  assert.ok(all[2].includes('v1 (4 workers × 4096)'), all[2]);
  const lines = all.slice(3);
  assert.equal(lines.length, 21);
  const header = lines[0].split(',');
  assert.equal(header[0], 't_s');
  const s = r.series!;
  assert.equal(header.length, 1 + Object.keys(s.baseline).length + Object.keys(s.kcompressd).length + Object.keys(s.observed!).length);
  assert.ok(header.includes('observed.freePages') && !header.includes('observed.fifoDepth'), 'measured curves only, no zero columns');
  const col = header.indexOf('baseline.freePages');
  assert.equal(lines[3].split(',')[col], '');
  // Page counts are whole pages; ratios keep their decimals.
  const pcol = header.indexOf('kcompressd.freePages');
  assert.ok(lines.slice(1).every((l) => /^-?\d*$/.test(l.split(',')[pcol])), 'integer page counts');
  const kcol = header.indexOf('kcompressd.zramRatio');
  assert.equal(Number(lines[5].split(',')[kcol]), r.series!.kcompressd.zramRatio[4]);
});

test('JSON keeps every value and turns NaN into null', () => {
  const r = fakeResult(10);
  r.series!.kcompressd.fifoDepth[1] = NaN;
  const j = JSON.parse(seriesToJson(r));
  assert.equal(j.t.length, 10);
  assert.equal(j.kcompressd.fifoDepth[1], null);
  assert.equal(j.baseline.pgstealAnonPerS[7], r.series!.baseline.pgstealAnonPerS[7]);
  assert.deepEqual(j.watermarks, r.series!.watermarks);
});

test('a result without series cannot be exported', () => {
  assert.throws(() => seriesToCsv(fakeResult(0)), /no series/);
  assert.throws(() => seriesToJson(fakeResult(0)), /no series/);
});

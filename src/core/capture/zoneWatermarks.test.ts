import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Zone } from './types';
import { defaultMinFreeKbytes, repairZones } from './zoneWatermarks';
import { assertWarning, codesOf } from '../testing/warnings';

const zone = (name: string, o: Partial<Zone>): Zone => ({ node: 0, name, managedPages: NaN, min: NaN, low: NaN, high: NaN, ...o });

test('min_free_kbytes default is int_sqrt(lowmem_kB·16) clamped to [128, 262144]', () => {
  assert.equal(defaultMinFreeKbytes(4_000_000), 8000);
  assert.equal(defaultMinFreeKbytes(100), 128);
  assert.equal(defaultMinFreeKbytes(1e13), 262144);
});

test('a zone without min/low/high gets them as __setup_per_zone_wmarks() sets them, from MemTotal', () => {
  const r = repairZones([zone('Normal', { managedPages: 1_000_000 })], 'zoneinfo.txt', 4_000_000);
  // pages_min 2000; tmp = max(2000/4, 1e6·10/10000) = 1000
  assert.deepEqual([r.zones[0].min, r.zones[0].low, r.zones[0].high], [2000, 3000, 4000]);
  assert.match(assertWarning(r.warnings, 'zoneinfo.no-watermarks', { file: 'zoneinfo.txt' }).message, /\(min_free_kbytes 8000 from MemTotal/);
});

test('pages_min is shared by lowmem zones in proportion; a highmem zone gets managed/1024 clamped to [32, 128]', () => {
  const r = repairZones([zone('DMA32', { managedPages: 250_000 }), zone('Normal', { managedPages: 750_000 }), zone('HighMem', { managedPages: 60_000 })], 'z');
  const [dma32, normal, high] = r.zones;
  const pagesMin = Math.floor(defaultMinFreeKbytes(1_000_000 * 4) / 4);
  assert.equal(dma32.min + normal.min, pagesMin);
  assert.equal(normal.min, 3 * dma32.min);
  assert.equal(high.min, 58);
});

test('pre-3.8 zoneinfo: present stands in for managed, said once; watermarks as printed are kept', () => {
  const r = repairZones([zone('Normal', { presentPages: 121412, min: 696, low: 870, high: 1044 }), zone('Empty', {})], 'old.txt');
  assert.equal(r.zones.length, 1);
  assert.deepEqual([r.zones[0].managedPages, r.zones[0].min, r.zones[0].high], [121412, 696, 1044]);
  assert.deepEqual(codesOf(r.warnings), ['zoneinfo.no-managed', 'zoneinfo.zone-dropped']);
  assert.match(assertWarning(r.warnings, 'zoneinfo.no-managed', { file: 'old.txt' }).message, /^zone\(s\) Normal /);
  assert.match(assertWarning(r.warnings, 'zoneinfo.zone-dropped').message, /^zone\(s\) Empty /);
});

test('empty zones as a healthy kernel prints them (present 0, managed 0, watermarks at their floor) are left out without a warning', () => {
  const r = repairZones([
    zone('Normal', { presentPages: 1000, managedPages: 900, min: 10, low: 12, high: 15, line: 1 }),
    zone('Movable', { presentPages: 0, managedPages: 0, min: 32, low: 32, high: 32, line: 191 }),
    zone('Device', { presentPages: 0, managedPages: 0, min: 0, low: 0, high: 0, line: 203 }),
    zone('HighMem', { presentPages: 0, min: 32, low: 32, high: 32, line: 215 }), // before 3.8: no managed line
  ], 'zoneinfo.txt');
  assert.deepEqual(r.zones.map((z) => z.name), ['Normal']);
  assert.deepEqual(codesOf(r.warnings), []);
});

test('a zone without page counts is dropped as that, not as out-of-order watermarks; each watermark fault is named apart', () => {
  // fault 07: min 10 < low 12 < high 15 are in order; what is missing is the zone's pages.
  const noPages = repairZones([zone('Normal', { min: 10, low: 12, high: 15, line: 1 })], 'zoneinfo.txt');
  assert.deepEqual(codesOf(noPages.warnings), ['zoneinfo.zone-dropped']);
  const r = repairZones([
    zone('DMA32', { presentPages: 1000, managedPages: 900, min: 20, low: 12, high: 15, line: 1 }),
    zone('Normal', { presentPages: 1000, managedPages: 10, min: 10, low: 12, high: 15, line: 40 }),
  ], 'zoneinfo.txt');
  assertWarning(r.warnings, 'zoneinfo.watermarks-disordered', { file: 'zoneinfo.txt', line: 1 });
  assertWarning(r.warnings, 'zoneinfo.watermarks-above-pages', { file: 'zoneinfo.txt', line: 40 });
  assert.deepEqual(codesOf(r.warnings), ['zoneinfo.watermarks-disordered', 'zoneinfo.watermarks-above-pages', 'zoneinfo.no-watermarks']);
  assert.ok(r.zones.every((z) => z.min <= z.low && z.low <= z.high));
});

test('a warning that names several zones gives each zone\'s header line (the field zoneinfo: Normal at 1, HighMem at 46)', () => {
  const r = repairZones([zone('Normal', { presentPages: 121412, min: 696, low: 870, high: 1044, line: 1 }),
    zone('HighMem', { presentPages: 65536, min: 34, low: 42, high: 51, line: 46 })], 'zoneinfo.txt');
  assert.match(assertWarning(r.warnings, 'zoneinfo.no-managed', { file: 'zoneinfo.txt', line: 1 }).message, /^zone\(s\) Normal \(line 1\), HighMem \(line 46\) have no managed line/);
});

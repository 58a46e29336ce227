import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempFile } from './testing/tempFiles';
import { parseZoneinfo } from './zoneinfo';
import { assertWarning } from '../testing/warnings';

const ZONE = (name: string, min: number) => `Node 0, zone ${name.padStart(8)}
  per-node stats
      nr_inactive_anon 95612
      nr_inactive_file 70000
  pages free     3975
        boost    0
        min      ${min}
        low      ${min + 10}
        high     ${min + 20}
        spanned  4095
        present  3998
        managed  3840
        cma      0
        protection: (0, 2, 3, 4)
      nr_zone_inactive_anon 12
      nr_zone_active_file 300
      nr_zone_inactive_file 700
  pagesets
    cpu: 0
              count: 0
              high:  14
              batch: 1
  node_unreclaimable:  0
  start_pfn:           1
`;

test('zones with watermarks, managed, present and free; pageset "high:" is not the watermark', async () => {
  const r = await parseZoneinfo(tempFile('z', ZONE('DMA', 10) + ZONE('Normal', 100)));
  assert.deepEqual(r.zones.map((z) => [z.name, z.min, z.low, z.high, z.managedPages, z.presentPages, z.freePages]),
    [['DMA', 10, 20, 30, 3840, 3998, 3975], ['Normal', 100, 110, 120, 3840, 3998, 3975]]);
  assert.deepEqual(r.zones[0].protection, [0, 2, 3, 4]);
  assert.equal(r.zones[0].filePages, 1000, 'nr_zone_inactive_file + nr_zone_active_file; the per-node nr_inactive_file is not the zone\'s');
  assert.equal(r.info.unparsed, 0);
  assert.deepEqual(r.warnings, []);
});

test('a repeated snapshot keeps the first; a zone without watermarks is kept for repairZones; pagetypeinfo rows are no zone', async () => {
  const r = await parseZoneinfo(tempFile('z', ZONE('DMA', 10) + ZONE('DMA', 50) + 'Node 1, zone Normal\nstray line\n'));
  assert.equal(r.zones.length, 1);
  assert.equal(r.zones[0].min, 10);
  assertWarning(r.warnings, 'zoneinfo.several-snapshots');
  const bad = await parseZoneinfo(tempFile('z', 'Node 0, zone DMA\n  pages free 3\nstray line\n'));
  assert.ok(Number.isNaN(bad.zones[0].min));
  assert.deepEqual(bad.info.unparsedLines, [3]);
  const pagetype = await parseZoneinfo(tempFile('p', 'Node    0, zone      DMA, type    Unmovable 43852   701\nNode 0, zone      DMA       362          80\n'));
  assert.equal(pagetype.zones.length, 0);
});

test('a file with several snapshots: the last one\'s free pages are the zones at the end', async () => {
  const later = (name: string, free: number) => ZONE(name, 10).replace('pages free     3975', `pages free     ${free}`);
  const r = await parseZoneinfo(tempFile('z', ZONE('DMA', 10) + ZONE('Normal', 100) + later('DMA', 3000) + later('Normal', 1234) + later('DMA', 2900) + later('Normal', 999)));
  assert.equal(r.zones[0].freePages, 3975, 'the watermarks and free pages of the first snapshot stay');
  assert.deepEqual(r.lastFree, [{ node: 0, name: 'DMA', freePages: 2900 }, { node: 0, name: 'Normal', freePages: 999 }]);
  assert.equal((await parseZoneinfo(tempFile('z', ZONE('DMA', 10)))).lastFree, undefined, 'one snapshot: no end state of its own');
});

test('timestamped snapshots (capture\'s zoneinfo_snapshots.txt) give each zone\'s free and per-CPU-list pages over time', async () => {
  const at = (t: number, free: number, counts: number[]) => `# t_mono=${t} t_epoch=${1.7e9 + t}\n`
    + ZONE('Normal', 100).replace('pages free     3975', `pages free     ${free}`)
      .replace('    cpu: 0\n              count: 0\n', counts.map((c, i) => `    cpu: ${i}\n              count: ${c}\n`).join(''));
  const r = await parseZoneinfo(tempFile('z', at(10, 5000, [7, 3]) + at(10.5, 4000, [300, 1200])));
  const s = r.series!.series;
  assert.deepEqual(Array.from(s.times), [10, 10.5]);
  assert.deepEqual(Array.from(s.columns.get('Normal.pcp')!), [10, 1500], 'Σ count: over the CPUs');
  assert.deepEqual(Array.from(s.columns.get('Normal.free')!), [5000, 4000]);
  assert.deepEqual(Array.from(s.columns.get('pcp')!), [10, 1500]);
  assert.equal(r.zones[0].pcpPages, 10, 'the first snapshot\'s lists, beside its watermarks');
  assert.equal(r.info.unparsed, 0);
  assert.equal((await parseZoneinfo(tempFile('z', at(10, 5000, [7])))).series, undefined, 'one snapshot is no series');
  assert.equal((await parseZoneinfo(tempFile('z', ZONE('DMA', 10) + ZONE('DMA', 10)))).series, undefined, 'untimed snapshots are no series');
});

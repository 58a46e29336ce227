// Real inputs people posted while debugging reclaim (<repo>/../shared/field): each gives the value its README states.
// Skipped with a printed reason when the folder is absent; the unit tests beside each parser hold fixtures of the
// same kinds written here.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeCapture } from '../../src/core/analysis/figures';
import { loadCapture } from '../../src/core/capture/loadCapture';
import { tempDir } from '../../src/core/capture/testing/tempFiles';
import { resolveOptions } from '../../src/core/replay/options';
import { replay } from '../../src/core/replay/replay';
import { FIELD_DIR } from '../fixtures/sharedCaptures';
import { assertWarning } from '../../src/core/testing/warnings';

const skip = existsSync(FIELD_DIR) ? false : `${FIELD_DIR} is absent`;
if (skip) console.log(`# field tests skipped: ${skip}`);
const field = (name: string) => join(FIELD_DIR, name);
const load = async (name: string) => {
  const c = await loadCapture(field(name));
  return { c, f: analyzeCapture(c) };
};
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);

test('Android 5 ftrace with an empty task name: 10 direct-reclaim slices, 4.973 ms, 209 pages, longest 1,309 µs', { skip }, async () => {
  const { c, f } = await load('android5-dmabuf-direct-reclaim-empty-comm.txt');
  const d = c.trace!.directReclaim;
  assert.equal(f.directReclaim.count, 10);
  assert.equal(f.directReclaim.totalMs, 4.973);
  assert.equal(f.directReclaim.reclaimedPages, 209);
  const lens = Array.from(d.start, (s, i) => (d.end[i] - s) * 1e6);
  assert.equal(Math.round(sum(lens)) / 1000, 4.973);
  assert.equal(Math.round(Math.max(...lens)), 1309);
  assert.equal(sum(d.nrReclaimed), 209);
  assert.ok((f.events.mm_compaction_begin ?? 0) > 0 && f.events.mm_compaction_begin === f.events.mm_compaction_end);
});

test('3.4 zoneinfo without managed: watermarks read, present used with a warning, and a replay runs on it', { skip }, async () => {
  const { c } = await load('android3.4-zoneinfo-highmem-no-managed.txt');
  const [normal, high] = c.zones!;
  assert.deepEqual([normal.name, normal.min, normal.low, normal.high, normal.managedPages], ['Normal', 696, 870, 1044, 121412]);
  assert.equal(high.name, 'HighMem');
  assert.equal(high.managedPages, high.presentPages);
  assert.match(assertWarning(c.warnings, 'zoneinfo.no-managed', { file: 'android3.4-zoneinfo-highmem-no-managed.txt' }).message, /^zone\(s\) Normal \(line 1\), HighMem \(line 46\) /);
  const dir = tempDir({ 'vmstat.txt': [0, 1, 2].map((i) => `# t_mono=${100 + i}\nnr_free_pages ${38000 - i * 300}\npgsteal_anon ${i * 200}\npswpout ${i * 150}\n`).join('') });
  writeFileSync(join(dir, 'zoneinfo.txt'), await import('node:fs').then((fs) => fs.readFileSync(field('android3.4-zoneinfo-highmem-no-managed.txt'))));
  const r = await replay(await loadCapture(dir), resolveOptions({ profile: 'x86-vm', seed: 1 }));
  assert.equal(typeof r.baseline.pgstealAnonPerS, 'number');
});

test('Android toolbox vmstat: five rows in KiB', { skip }, async () => {
  const { c } = await load('android-toolbox-vmstat.txt');
  assert.deepEqual([...c.vmstatOutput!.columns.get('free')!], [663436, 663444, 663476, 663132, 663124]);
  assert.deepEqual([...c.vmstatOutput!.columns.get('slab')!], [113960, 113960, 113960, 113960, 113960]);
});

test('3.10 bugreport sections: meminfo (MemTotal 2,792,568 kB) and one /proc/vmstat snapshot, each by its parser', { skip }, async () => {
  const { c } = await load('android3.10-bugreport-sections.txt');
  assert.equal(c.meminfo!.columns.get('MemTotal')![0], 2792568);
  assert.equal(c.vmstat!.times.length, 1);
  assert.equal(c.vmstat!.columns.get('allocstall')![0], 664269);
  assert.equal(c.zones, undefined);
  assert.match(assertWarning(c.warnings, 'bugreport.sections').message, /read 2 sections \(MEMORY INFO, VIRTUAL MEMORY STATS\); skipped 3/);
});

test('perf script tracepoints without payload: one direct-reclaim slice of 215.8 ms', { skip }, async () => {
  const { f } = await load('perf-script-events-without-fields.txt');
  assert.equal(f.directReclaim.count, 1);
  assert.equal(Math.round(f.directReclaim.totalMs * 10) / 10, 215.8);
});

test('regressions: memcg slice 1,043.4 ms; 2.6.35 slice 97 µs; min free 417 MiB; zram ratio 3.173, 61.5 MiB', { skip }, async () => {
  assert.equal(Math.round((await load('rhel8-4.18-memcg-reclaim-ftrace.txt')).f.memcgReclaim.totalMs * 10) / 10, 1043.4);
  assert.equal(Math.round((await load('2.6.35-memcg-numa-no-flags-ftrace.txt')).f.memcgReclaim.p50Us), 97);
  assert.equal(Math.floor((await load('4.8-proc-vmstat-with-command-line.txt')).f.minFreeMiB!), 417); // the README's whole MiB
  const z = (await load('zram-mm_stat-7-columns.txt')).f.zram!;
  assert.deepEqual([z.ratio, z.memUsedMiB], [3.173, 61.5]);
  const wrapped = await load('2.6.39-perf-script-kswapd-wrapped-kprobes.txt');
  assert.equal(wrapped.f.kswapd.wakes, 3);
  assert.equal(wrapped.c.sources[0].unparsed, 0, 'the kprobe lines wrapped after their event name are rejoined');
});

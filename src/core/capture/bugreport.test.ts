import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { CaptureError } from '../errors';
import { splitBugreport } from './bugreport';
import { detect } from './detect';
import { loadCapture } from './loadCapture';
import { tempDir, tempFile } from './testing/tempFiles';
import { storedZip } from './testing/zipFile';
import { assertNoWarning, assertWarning } from '../testing/warnings';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/bugreport');
const TXT = join(FIXTURES, 'bugreport-demo.txt');
const PERFETTO = resolve(__dirname, '../../../test/fixtures/perfetto');

test('sections by command: meminfo, vmstat, zoneinfo, zram mm_stat, dumpsys meminfo; end markers and the rest skipped', async () => {
  const s = await splitBugreport(TXT);
  assert.deepEqual(s.sections.map((x) => [x.format, x.firstLine]), [
    ['meminfo', 8], ['vmstat-snapshots', 13], ['zoneinfo', 18], ['zram-mm-stat', 27], ['dumpsys-meminfo', 31],
  ]);
  assert.deepEqual(s.skipped, ['UPTIME (uptime)', 'CHECKIN MEMINFO (dumpsys -t 30 meminfo --checkin)', 'KERNEL LOG (dmesg)']);
});

test('a bugreport text loads every section through its parser, with warnings naming lines in the bugreport', async () => {
  assert.equal((await detect(TXT)).format, 'bugreport');
  const c = await loadCapture(TXT);
  assertNoWarning(c.warnings, 'capture.other-source');
  assert.equal(c.meminfo!.columns.get('MemTotal')![0], 3768116);
  assert.equal(c.vmstat!.columns.get('allocstall')![0], 12);
  assert.deepEqual([c.zones![0].managedPages, c.zones![0].low], [942029, 3000]);
  assert.equal(c.zramMmStat!.columns.get('mem_used_total')![0], 64512000);
  assert.match(assertWarning(c.warnings, 'bugreport.sections').message, /read 5 sections .*; skipped 3/);
  const bad = tempFile('br.txt', '------ VIRTUAL MEMORY STATS (/proc/vmstat) ------\nnr_free_pages 1\nthis is not vmstat\n');
  const dumpsysOnly = tempFile('d.txt', '------ DUMPSYS MEMINFO (dumpsys meminfo) ------\nTotal RAM: 3,768,116K (status normal)\n Free RAM: 1,234,567K (x)\n');
  assert.deepEqual([...(await loadCapture(dumpsysOnly)).meminfo!.columns.get('MemFree')!], [1234567]);
  assert.match(assertWarning((await loadCapture(bad)).warnings, 'capture.unparsed-lines', { file: 'br.txt', line: 3 }).message, /^1 of 2 lines not understood as vmstat-snapshots/);
});

test('a bugreport zip: the main entry is read, an entry named like a trace that is none is said; a zip without one is refused', async () => {
  const dir = tempDir({});
  copyFileSync(join(FIXTURES, 'bugreport-demo.zip'), join(dir, 'br.zip'));
  const c = await loadCapture(join(dir, 'br.zip'));
  assert.equal(c.meminfo!.columns.get('MemTotal')![0], 3768116);
  assert.match(c.sources[0].path, /br\.zip!bugreport-demo-2026-11-29\.txt$/);
  assert.match(assertWarning(c.warnings, 'bugreport.perfetto-unread', { file: 'br.zip' }).message, /systrace\.pftrace is named like a Perfetto trace but its content is not one/);
  const notZip = join(dir, 'x.zip');
  writeFileSync(notZip, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]));
  await assert.rejects(loadCapture(notZip), (e: Error) => e instanceof CaptureError && /not a readable zip/.test(e.message));
});

test('Perfetto traces inside a bugreport zip are read and merged: by their folder, and by content whatever their name', async () => {
  const trace = readFileSync(join(PERFETTO, 'scenario.pftrace'));
  const dir = tempDir({});
  const zip = join(dir, 'br.zip');
  writeFileSync(zip, storedZip({
    'main_entry.txt': 'bugreport-x.txt',
    'bugreport-x.txt': readFileSync(TXT),
    'FS/data/misc/perfetto-traces/bugreport/systrace.pftrace': trace,
    'FS/data/misc/perfetto-traces/empty.pftrace': 'x',
    'proto/mm_events.bin.gz': gzipSync(readFileSync(join(PERFETTO, 'scenario_compact.pftrace'))),
    'FS/proc/meminfo': 'MemTotal: 1 kB\n',
  }));
  const c = await loadCapture(zip);
  const alone = await loadCapture(join(PERFETTO, 'scenario.pftrace'));
  const paths = c.sources.map((s) => s.path);
  assert.ok(paths.includes(`${zip}!FS/data/misc/perfetto-traces/bugreport/systrace.pftrace`), paths.join('\n'));
  assert.ok(paths.includes(`${zip}!proto/mm_events.bin.gz`), paths.join('\n'));
  // The trace's vmstat series (5 samples) is preferred to the bugreport's one snapshot; its events are the capture's.
  assert.deepEqual([...c.vmstat!.times], [...alone.vmstat!.times]);
  assert.match(assertWarning(c.warnings, 'capture.other-source').message, /^vmstat: using .*systrace\.pftrace/);
  assert.equal(c.trace!.kswapd.wakes, alone.trace!.kswapd.wakes);
  assert.deepEqual([c.zones![0].managedPages, c.meminfo!.columns.get('MemTotal')![0]], [942029, alone.meminfo!.columns.get('MemTotal')![0]]);
  assert.match(assertWarning(c.warnings, 'bugreport.perfetto-unread', { file: zip }).message, /^FS\/data\/misc\/perfetto-traces\/empty\.pftrace is named like/);
});

test('a damaged trace inside a bugreport zip costs its own figures, not the bugreport\'s', async () => {
  const zip = join(tempDir({}), 'br.zip');
  const trace = readFileSync(join(PERFETTO, 'scenario.pftrace'));
  // Whole first packets (so it is a trace by content), then bytes no packet is made of.
  const damaged = Buffer.concat([trace.subarray(0, trace.length >> 1), Buffer.alloc(64, 0xff), trace.subarray(trace.length >> 1)]);
  writeFileSync(zip, storedZip({ 'bugreport-x.txt': readFileSync(TXT), 'FS/data/misc/perfetto-traces/t.pftrace': damaged }));
  const c = await loadCapture(zip);
  assert.equal(c.meminfo!.columns.get('MemTotal')![0], 3768116);
  assert.equal(c.trace, undefined);
  assert.match(assertWarning(c.warnings, 'bugreport.perfetto-unread', { file: `${zip}!FS/data/misc/perfetto-traces/t.pftrace` }).message, /not read$/);
});

test('a hostile megabyte line that starts like a section header is no header (and costs linear time)', async () => {
  const line = `------ ${'( '.repeat(500_000)}`;
  const s = await splitBugreport(tempFile('h.txt', `------ MEMORY INFO (/proc/meminfo) ------\nMemTotal: 1 kB\n${line}\n`));
  assert.equal(s.sections.length, 1);
});

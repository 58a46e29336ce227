import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CancelledError, CaptureError } from '../errors';
import { loadCapture } from './loadCapture';
import { tempDir, tempFile } from './testing/tempFiles';
import { assertNoWarning, assertWarning } from '../testing/warnings';

/** /proc/vmstat snapshots every 100 ms with t_mono, pgscan_kswapd rising from sample `from`. */
function vmstatSeries(n: number, t0: number, from: number, epochOffset = 1e9): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const t = t0 + i / 10;
    const grow = Math.max(0, i - from);
    s += `# t_mono=${t.toFixed(6)} t_epoch=${(t + epochOffset).toFixed(6)}\nnr_free_pages ${1000 - grow}\n`
      + `pgscan_kswapd ${grow * 10}\npgsteal_anon ${grow * 4}\npswpout ${grow * 3}\nswpout_zero ${grow}\n`;
  }
  return s;
}

const ftraceLine = (t: number, event: string, fields: string) =>
  `         kswapd0-45      [001] ..... ${t.toFixed(6)}: ${event}: ${fields}\n`;

async function rejects(p: Promise<unknown>, file: string, pattern: RegExp, line?: number): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof CaptureError, String(err));
    assert.equal(err.file, file);
    if (line !== undefined) assert.equal(err.line, line);
    assert.match(err.message, pattern);
    return true;
  });
}

test('a folder: formats detected, unknown files listed as ignored, trace taken as mono inside the snapshot span', async () => {
  const dir = tempDir({
    'a.txt': vmstatSeries(30, 100, 5),
    'b.log': 'workload started\n',
    'c.txt': `# tracer: nop\n${ftraceLine(100.6, 'mm_vmscan_kswapd_wake', 'nid=0 order=0')}${ftraceLine(102, 'mm_vmscan_kswapd_sleep', 'nid=0')}`,
  });
  const c = await loadCapture(dir);
  assert.equal(c.clock, 'mono');
  assert.deepEqual(c.sources.map((s) => s.format), ['vmstat-snapshots', 'ftrace']);
  assert.equal(assertWarning(c.warnings, 'capture.ignored-file', { file: join(dir, 'b.log') }).message, 'not read by this tool');
  assert.equal(c.trace?.kswapd.wakes, 1);
  assert.equal(c.trace?.firstTs, 100.6);
  assertNoWarning(c.warnings, 'align.trace-shifted');
});

test('a trace on another clock is aligned on the first reclaim event, with a warning', async () => {
  const dir = tempDir({
    'v.txt': vmstatSeries(30, 100, 5),
    't.txt': `${ftraceLine(5000.25, 'mm_vmscan_kswapd_wake', 'nid=0 order=0')}${ftraceLine(5001.25, 'mm_vmscan_kswapd_sleep', 'nid=0')}`,
  });
  const c = await loadCapture(dir);
  assertWarning(c.warnings, 'align.trace-shifted', { file: 't.txt' });
  assert.ok(Math.abs(c.trace!.kswapd.awake.start[0] - 100.5) < 1e-9);
  assert.ok(Math.abs(c.trace!.kswapd.awake.end[0] - 101.5) < 1e-9);
});

test('wall-clock sources join the mono clock through t_epoch − t_mono', async () => {
  const dir = tempDir({
    'v.txt': vmstatSeries(20, 100, 5, 1.7e9),
    'o.txt': ' r b swpd free buff cache si so bi bo in cs us sy id wa st UTC\n'
      + ' 1 0 0 5 1 1 0 0 0 0 1 1 1 1 98 0 0 2023-11-14 22:14:40\n 1 0 0 5 1 1 0 0 0 0 1 1 1 1 98 0 0 2023-11-14 22:14:41\n',
  });
  const c = await loadCapture(dir);
  assert.equal(c.vmstatOutput?.times[0], 1700000081 - 1.7e9);
});

test('several files of one kind: the longest series is used and the rest named', async () => {
  const dir = tempDir({ 'after.txt': 'nr_free_pages 1\n', 'series.txt': vmstatSeries(10, 1, 2) });
  const c = await loadCapture(dir);
  assert.equal(c.vmstat?.times.length, 10);
  assert.match(assertWarning(c.warnings, 'capture.other-source').message, /^vmstat: using .*series\.txt.*also found .*after\.txt/);
});

test('zram sections name the compression algorithm', async () => {
  const c = await loadCapture(tempFile('z.txt', '== mm_stat\n1 2 3 4 5 6 7 8 9\n== comp_algorithm\nlzo-rle lzo [lz4]\n'));
  assert.equal(c.compAlgorithm, 'lz4');
});

test('bad input: empty file, binary garbage, nothing recognisable, missing path, folder without captures', async () => {
  const empty = tempFile('e.txt', '');
  await rejects(loadCapture(empty), empty, /empty file/);
  const bin = tempFile('b.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)));
  await rejects(loadCapture(bin), bin, /binary data/, 1);
  const prose = tempFile('p.txt', 'hello world\n');
  await rejects(loadCapture(prose), prose, /not a capture file \(looked for/);
  await rejects(loadCapture('/nonexistent/rr'), '/nonexistent/rr', /no such file/);
  const dir = tempDir({ 'x.txt': 'hello\n', 'y.txt': '' });
  await rejects(loadCapture(dir), dir, /no capture files found \(looked for[^)]*\)$/);
  // trial13 #24: a folder of capture folders said only "no capture files found".
  const parent = tempDir({ 'notes.txt': 'hello\n' });
  for (const name of ['A_kswapd_lz4', 'B_memcg_lz4']) mkdirSync(join(parent, name));
  await rejects(loadCapture(parent), parent, /no capture files found \(looked for .*\); it holds 2 folders \(A_kswapd_lz4, B_memcg_lz4\): give one of them, or `batch` this folder to replay each$/);
});

test('bad input: a gzip that ends early keeps the samples before the cut and names the file and the line reached', async () => {
  const full = gzipSync(Buffer.from(vmstatSeries(2000, 1, 5)));
  const p = tempFile('v.gz', Buffer.alloc(0));
  writeFileSync(p, full.subarray(0, full.length >> 1));
  const c = await loadCapture(p);
  const lines = c.sources[0].lines;
  assert.ok(c.vmstat!.times.length > 100 && c.vmstat!.times.length < 2000, `${c.vmstat!.times.length} samples`);
  assertWarning(c.warnings, 'gzip.ends-early', { file: p, line: lines + 1 });
});

test('bad input: a truncated file keeps what it has; a 1 MB line and mixed formats are counted and reported', async () => {
  const text = vmstatSeries(20, 1, 2);
  const cut = tempFile('v.txt', text.slice(0, text.length - 30));
  const c1 = await loadCapture(cut);
  assert.ok(c1.vmstat!.times.length >= 19);
  const long = tempFile('v.txt', `${vmstatSeries(3, 1, 0)}${'x'.repeat(1 << 20)}\n${vmstatSeries(3, 2, 0)}`);
  const c2 = await loadCapture(long);
  assert.equal(c2.vmstat!.times.length, 6);
  assert.equal(c2.sources[0].unparsed, 1);
  // One line is "line 19", not "lines 19" (field 4.8-proc-vmstat: "first at lines 1").
  assert.match(assertWarning(c2.warnings, 'capture.unparsed-lines', { file: long, line: 19 }).message, /^1 of \d+ lines not understood as vmstat-snapshots \(first at line 19\)$/);
  const mixed = tempFile('m.txt', `${vmstatSeries(3, 1, 0)}MemTotal: 5 kB\nMemFree: 3 kB\nsome avg10=0.00 total=1\n`);
  const c3 = await loadCapture(mixed);
  assert.equal(c3.sources[0].unparsed, 3);
  assert.match(assertWarning(c3.warnings, 'capture.unparsed-lines', { file: mixed, line: 19 }).message, /^3 of 21 lines not understood as vmstat-snapshots \(first at lines 19, 20, 21\)/);
});

test('counter resets are reported as warnings', async () => {
  const c = await loadCapture(tempFile('v.txt', '# t_mono=1\nnr_free_pages 1\npswpout 50\n# t_mono=2\nnr_free_pages 1\npswpout 2\n'));
  assert.match(assertWarning(c.warnings, 'series.counter-reset', { file: 'v.txt' }).message, /counter pswpout went backwards 1×/);
});

test('progress reaches 1 and labels name the file', async () => {
  const p = tempFile('v.txt', vmstatSeries(5, 1, 1));
  const seen: number[] = [];
  await loadCapture(p, { onProgress: (x) => { seen.push(x.fraction); assert.match(x.label, /v\.txt/); } });
  assert.equal(seen.at(-1), 1);
});

test('an aborted signal stops loading with CancelledError', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(loadCapture(tempFile('v.txt', vmstatSeries(5, 1, 1)), { signal: ac.signal }), CancelledError);
});

test('symlinked files are followed (a loop or a dangling link is skipped with its reason); a FIFO is refused', async () => {
  const { symlinkSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const target = tempFile('vmstat.txt', vmstatSeries(5, 100, 1));
  const dir = tempDir({});
  symlinkSync(target, join(dir, 'vmstat.txt'));
  symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
  symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
  symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
  const c = await loadCapture(dir);
  assert.equal(c.vmstat?.times.length, 5);
  assert.match(assertWarning(c.warnings, 'capture.skipped-file', { file: 'loop-a' }).message, /symbolic link loop/);
  assert.match(assertWarning(c.warnings, 'capture.skipped-file', { file: 'dangling' }).message, /no such file or folder/);
  const fifo = join(tempDir({}), 'pipe');
  execFileSync('mkfifo', [fifo]);
  await rejects(loadCapture(fifo), fifo, /not a regular file \(a FIFO\)/);
  const withFifo = join(fifo, '..');
  writeFileSync(join(withFifo, 'vmstat.txt'), vmstatSeries(5, 100, 1));
  assert.match(assertWarning((await loadCapture(withFifo)).warnings, 'capture.skipped-file', { file: 'pipe' }).message, /not a regular file \(a FIFO\)/);
});

test('a symbolic link checked out as text (its target\'s path alone) is followed; a one-line file naming nothing is not', async () => {
  const real = tempDir({ 'real.txt': vmstatSeries(4, 100, 1) });
  const dir = tempDir({ 'vmstat.txt': `../${real.split('/').pop()}/real.txt\n`, 'note.txt': 'see ../nowhere/x.txt\n' });
  const c = await loadCapture(dir);
  assert.equal(c.vmstat?.times.length, 4);
  assert.equal(assertWarning(c.warnings, 'capture.link-as-text', { file: join(dir, 'vmstat.txt'), line: 1 }).message.endsWith(join(real, 'real.txt')), true);
  assertWarning(c.warnings, 'capture.ignored-file', { file: join(dir, 'note.txt') });
  // Named alone it is followed too.
  assert.equal((await loadCapture(join(dir, 'vmstat.txt'))).vmstat?.times.length, 4);
});

test('a before/after pair of single /proc/vmstat snapshots in two files gives counter deltas, interval unknown', async () => {
  // Named so the file order is the wrong way round: the counters tell which came first.
  const dir = tempDir({ 'a-after.txt': 'nr_free_pages 50\npgsteal_anon 110\npswpout 85\n', 'b-before.txt': 'nr_free_pages 100\npgsteal_anon 10\npswpout 5\n' });
  const c = await loadCapture(dir);
  assert.equal(c.vmstatDeltas?.intervalUnknown, true);
  assert.match(c.vmstatDeltas!.from, /b-before\.txt$/);
  assert.deepEqual({ ...c.vmstatDeltas!.deltas }, { pgsteal_anon: 100, pswpout: 80 });
  const timed = tempDir({ 'x.txt': '# t_mono=10\nnr_free_pages 1\npgsteal_anon 10\n', 'y.txt': '# t_mono=12\nnr_free_pages 1\npgsteal_anon 30\n' });
  assert.deepEqual([(await loadCapture(timed)).vmstatDeltas?.intervalUnknown, (await loadCapture(timed)).vmstatDeltas?.intervalS], [false, 2]);
});

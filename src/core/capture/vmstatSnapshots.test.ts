import assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { tempFile } from './testing/tempFiles';
import { foldedKey, isVmstatCounter, parseVmstatSnapshots } from './vmstatSnapshots';
import { assertWarning, codesOf } from '../testing/warnings';

const col = (s: { columns: Map<string, Float64Array> }, k: string) => [...(s.columns.get(k) ?? [])];

test('t_mono framed snapshots: key → value in any order, times from t_mono, epoch offset kept', async () => {
  const p = tempFile('v.txt', '# t_mono=10.0 t_epoch=1000010.5\nnr_free_pages 100\npswpout 5\n'
    + '# t_mono=10.1 t_epoch=1000010.6\npswpout 9\nnr_free_pages 90\n');
  const r = await parseVmstatSnapshots(p);
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...r.series.times], [10, 10.1]);
  assert.deepEqual(col(r.series, 'pswpout'), [5, 9]);
  assert.deepEqual(col(r.series, 'nr_free_pages'), [100, 90]);
  assert.equal(r.epochMinusMono, 1000000.5);
  assert.ok(r.series.counters.has('pswpout') && !r.series.counters.has('nr_free_pages'));
  assert.equal(r.info.unparsed, 0);
  assert.equal(r.info.lines, 6);
});

test('blank-line framing with date +%s.%N, === epoch and ISO headers; a single unframed snapshot', async () => {
  const r = await parseVmstatSnapshots(tempFile('v', '1700000000.5\npgscan_kswapd 1\n\n=== 1700000001.5\npgscan_kswapd 4\n\n2023-11-14T22:13:22.5Z\npgscan_kswapd 6\n'));
  assert.equal(r.clock, 'epoch');
  assert.deepEqual([...r.series.times], [1700000000.5, 1700000001.5, 1700000002.5]);
  assert.deepEqual(col(r.series, 'pgscan_kswapd'), [1, 4, 6]);
  const one = await parseVmstatSnapshots(tempFile('v', 'nr_free_pages 3\npswpin 2\n'));
  assert.equal(one.series.times.length, 1);
  assert.equal(one.clock, 'relative');
});

test('concatenated snapshots without headers split where a key repeats, and say times are assumed', async () => {
  const r = await parseVmstatSnapshots(tempFile('v', 'nr_free_pages 3\npswpin 2\nnr_free_pages 4\npswpin 5\n'));
  assert.deepEqual(col(r.series, 'pswpin'), [2, 5]);
  assert.deepEqual(codesOf(r.warnings), ['series.untimed']);
  assertWarning(r.warnings, 'series.untimed', { line: 1 });
});

test('legacy per-zone keys fold into the modern ones; allocstall sums allocstall_*; an existing modern key wins', async () => {
  const legacy = await parseVmstatSnapshots(tempFile('v', 'nr_free_pages 1\npgsteal_kswapd_dma32 10\npgsteal_kswapd_normal 5\n'
    + 'pgscan_direct_normal 7\npgscan_direct_throttle 99\nallocstall_normal 2\nallocstall_movable 3\n'));
  assert.deepEqual(col(legacy.series, 'pgsteal_kswapd'), [15]);
  assert.deepEqual(col(legacy.series, 'pgscan_direct'), [7]);
  assert.deepEqual(col(legacy.series, 'allocstall'), [5]);
  assert.deepEqual(col(legacy.series, 'pgsteal_kswapd_dma32'), [10]);
  const single = await parseVmstatSnapshots(tempFile('v', 'allocstall 8\nallocstall_normal 2\n'));
  assert.deepEqual(col(single.series, 'allocstall'), [8]);
  assert.equal(foldedKey('pgscan_direct_throttle'), undefined);
  assert.equal(foldedKey('pgrefill_normal'), 'pgrefill');
});

test('counters vs gauges', () => {
  assert.equal(isVmstatCounter('nr_zspages'), false);
  assert.equal(isVmstatCounter('workingset_nodes'), false);
  assert.equal(isVmstatCounter('pgsteal_anon'), true);
  assert.equal(isVmstatCounter('workingset_refault_anon'), true);
});

test('counter resets are reported; gauges going down are not; bad lines are counted with line numbers', async () => {
  const r = await parseVmstatSnapshots(tempFile('v', '# t_mono=1\nnr_free_pages 9\npswpout 100\n# t_mono=2\nnr_free_pages 5\npswpout 3\n'
    + 'garbage here\npswpin 0x12\n'));
  assert.deepEqual(r.series.resets, [{ key: 'pswpout', index: 1, line: 4 }]); // its snapshot's header line
  assert.equal(r.info.unparsed, 2);
  assert.deepEqual(r.info.unparsedLines, [7, 8]);
});

test('a key missing from one snapshot is NaN there, not 0', async () => {
  const r = await parseVmstatSnapshots(tempFile('v', '# t_mono=1\nnr_free_pages 9\n# t_mono=2\nnr_free_pages 5\npswpout 3\n'));
  const c = col(r.series, 'pswpout');
  assert.ok(Number.isNaN(c[0]));
  assert.equal(c[1], 3);
});

test('reads gzip input', async () => {
  const r = await parseVmstatSnapshots(tempFile('v.gz', '# t_mono=1\nnr_free_pages 9\n'));
  assert.deepEqual(col(r.series, 'nr_free_pages'), [9]);
});

test('any generated series of t_mono snapshots parses back to the same columns (property)', async () => {
  const snapshot = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/).map((k) => `k_${k}`), fc.nat(), { minKeys: 1, maxKeys: 6 });
  await fc.assert(fc.asyncProperty(fc.array(snapshot, { minLength: 1, maxLength: 5 }), async (snaps) => {
    const text = snaps.map((s, i) => `# t_mono=${i + 1}.5\n${Object.entries(s).map(([k, v]) => `${k} ${v}`).join('\n')}\n`).join('');
    const r = await parseVmstatSnapshots(tempFile('v', text));
    assert.equal(r.series.times.length, snaps.length);
    snaps.forEach((s, i) => {
      for (const [k, v] of Object.entries(s)) assert.equal(r.series.columns.get(k)![i], v);
    });
    assert.equal(r.info.unparsed, 0);
  }), { numRuns: 40 });
});

test('a key repeated inside a timestamped snapshot keeps the series timed, with a warning at its line', async () => {
  const r = await parseVmstatSnapshots(tempFile('vmstat.txt', [
    '# t_mono=100.0', 'nr_free_pages 1000', 'pswpout 0', 'pgsteal_anon 0',
    '# t_mono=100.1', 'nr_free_pages 1000', 'pswpout 100', 'pswpout 100', 'pgsteal_anon 100',
    '# t_mono=100.2', 'nr_free_pages 1000', 'pswpout 200', 'pgsteal_anon 200',
  ].join('\n')));
  assert.equal(r.clock, 'mono');
  assert.deepEqual([...r.series.times], [100, 100.1, 100.2]);
  assert.deepEqual([...r.series.columns.get('pgsteal_anon')!], [0, 100, 200]);
  assert.match(assertWarning(r.warnings, 'series.repeated-key', { file: 'vmstat.txt', line: 8 }).message, /^1 key line repeated .*\(line \d+\)/);
});

test('a snapshot whose time is damaged (t_mono=10p.0) is dropped with a warning at its line, never timed by its first digits', async () => {
  const r = await parseVmstatSnapshots(tempFile('vmstat.txt', [
    '# t_mono=100.0', 'nr_free_pages 1000', 'pswpout 0',
    '# t_mono=10p.1', 'nr_free_pages 1000', 'pswpout 100',
    '# t_mono=100.2', 'nr_free_pages 1000', 'pswpout 200',
  ].join('\n')));
  assert.deepEqual([...r.series.times], [100, 100.2]);
  assert.deepEqual([...r.series.columns.get('pswpout')!], [0, 200]);
  assertWarning(r.warnings, 'series.untimed-sample', { file: 'vmstat.txt', line: 4 });
});

test('a snapshot whose header was lost merges into the one before; the rest stay timed', async () => {
  const r = await parseVmstatSnapshots(tempFile('vmstat.txt', [
    '# t_mono=100.0', 'nr_free_pages 1000', 'pswpout 0',
    '# t_mono=100.1', 'nr_free_pages 1000', 'pswpout 100',
    '', 'nr_free_pages 1000', 'pswpout 200',
    '# t_mono=100.3', 'nr_free_pages 1000', 'pswpout 300',
  ].join('\n')));
  assert.deepEqual([...r.series.times], [100, 100.1, 100.3]);
  assert.deepEqual([...r.series.columns.get('pswpout')!], [0, 100, 300]);
  assertWarning(r.warnings, 'series.repeated-key', { file: 'vmstat.txt', line: 8 });
});

test('blank-line framed snapshots without timestamps are still separate snapshots', async () => {
  const r = await parseVmstatSnapshots(tempFile('vmstat.txt', 'nr_free_pages 1\npswpout 0\n\nnr_free_pages 2\npswpout 5\n'));
  assert.deepEqual([...r.series.columns.get('pswpout')!], [0, 5]);
});

test('lines read from bytes and lines that take the string path (signs, decimals, tabs) give the same columns (property)', async () => {
  const forms = [(k: string, v: number) => `${k} ${v}`, (k: string, v: number) => `\t${k}\t+${v}  `, (k: string, v: number) => ` ${k}   ${v}.0`];
  const snapshot = fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/), fc.tuple(fc.nat(), fc.nat({ max: 2 })), { minKeys: 1, maxKeys: 6 });
  await fc.assert(fc.asyncProperty(fc.array(snapshot, { minLength: 1, maxLength: 4 }), async (snaps) => {
    const text = snaps.map((s, i) => `# t_mono=${i + 1}\n${Object.entries(s).map(([k, [v, f]]) => forms[f](k, v)).join('\n')}\n`).join('');
    const r = await parseVmstatSnapshots(tempFile('v', text));
    assert.equal(r.info.unparsed, 0);
    snaps.forEach((s, i) => {
      for (const [k, [v]] of Object.entries(s)) assert.equal(r.series.columns.get(k)![i], v);
    });
  }), { numRuns: 60 });
});

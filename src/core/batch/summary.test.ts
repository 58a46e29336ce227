import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parquetReadObjects } from 'hyparquet';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { outputName, shardItems } from './plan';
import { warning } from '../warnings';
import { readRecords, SUMMARY_COLUMNS, summaryRows, toCsv, writeSummary, type BatchRecord } from './summary';

function record(id: string, i: number): BatchRecord {
  if (i % 4 === 3) return { batch: { id, key: `k${i}`, status: 'error', error: `${id}: no capture files found, "quoted", here`, wallMs: 5 } };
  const { series: _s, elapsedMs: _e, ...result } = fakeResult(10, i % 2 === 0
    ? { fidelity: { pgsteal_anon: { observed: 100, simulated: 100 + i, errorPct: i, basis: 'predicted' }, zram_ratio: { observed: 2, simulated: 3, errorPct: 50, basis: 'input' } },
      verdict: { text: `1 of 1 predicted within 10 % (${i})`, outcome: 'pass', alsoOff: ['pgscanAnonPerS', 'freePagesEndByZone.DMA'] } }
    : { fidelity: {}, verdict: { text: 'nothing predicted', outcome: 'untested' } });
  result.kcompressd = { ...result.kcompressd, pgstealAnonPerS: 300000 + 1000 * i, fifoFullPct: { unavailable: 'no FIFO' } };
  return { batch: { id, key: `k${i}`, status: 'ok', wallMs: 100 + i }, result };
}

const newDir = () => mkdtempSync(join(tmpdir(), 'rr-batch-'));
function writeAll(dir: string, records: BatchRecord[]): void {
  for (const r of records) writeFileSync(join(dir, outputName(r.batch.id)), JSON.stringify(r));
}

test('shard outputs merged from their folders give the same summary as one run over all captures', async () => {
  const all = Array.from({ length: 11 }, (_, i) => record(`capture-${String(i).padStart(2, '0')}`, i));
  const whole = newDir();
  writeAll(whole, all);
  const shardDirs = [0, 1, 2].map((s) => {
    const d = newDir();
    writeAll(d, shardItems(all, { index: s, count: 3 }));
    return d;
  });
  writeFileSync(join(shardDirs[1], 'summary.shard-1-of-3.csv'), 'not json');
  const merged = await readRecords(shardDirs);
  assert.deepEqual(merged.unreadable, []);
  assert.equal(merged.records.length, 11);
  assert.deepEqual(summaryRows(merged.records), summaryRows((await readRecords([whole])).records));
  writeFileSync(join(shardDirs[2], 'stray.json'), '{"not":"a record"}');
  assert.deepEqual((await readRecords(shardDirs)).unreadable, [join(shardDirs[2], 'stray.json')]);
});

test('rows: headline figures, speed-up and fidelity verdict; unavailable figures and errors are empty, not 0', () => {
  const rows = summaryRows([record('b', 3), record('a', 2), record('c', 1)]);
  const col = (name: string) => rows.map((r) => r[SUMMARY_COLUMNS.findIndex((c) => c.name === name)]);
  assert.deepEqual(col('capture'), ['a', 'b', 'c']);
  assert.deepEqual(col('status'), ['ok', 'error', 'ok']);
  assert.deepEqual(col('fidelity'), ['pass', null, 'untested']);
  assert.deepEqual(col('fidelity_verdict'), ['1 of 1 predicted within 10 % (2)', null, 'nothing predicted']);
  assert.deepEqual(col('fidelity_worst_predicted_error_pct'), [2, null, null], 'input rows are not predictions');
  assert.deepEqual(col('fidelity_also_off'), ['pgscan_anon/s; free at capture end, DMA', null, null], 'the secondary misses, by their table names');
  const bound = record('d', 2);
  bound.result!.fidelity.windowEndS = { observed: 25.1, simulated: 35.2, errorPct: 86.5, basis: 'predicted', mark: 'miss', atLeast: true };
  const [[...cells]] = summaryRows([bound]);
  assert.equal(cells[SUMMARY_COLUMNS.findIndex((c) => c.name === 'fidelity_worst_predicted_error_pct')], 2, 'a lower bound (≥ +86.5) is not a measured error');
  assert.deepEqual(col('fifo_full_pct'), [null, null, null]);
  const base = fakeResult(10).baseline.pgstealAnonPerS as number;
  assert.deepEqual(col('speedup_pgsteal_anon'), [Number((302000 / base).toFixed(3)), null, Number((301000 / base).toFixed(3))]);
  const csv = toCsv(rows).split('\r\n');
  assert.equal(csv[0], SUMMARY_COLUMNS.map((c) => c.name).join(','));
  assert.match(csv[2], /^b,error,"b: no capture files found, ""quoted"", here",,/);
});

test('summary numbers are rounded: no float noise such as 1.335917231457912 or 0.10000000000000853', () => {
  const r = record('noisy', 0);
  r.result!.baseline = { ...r.result!.baseline, pgstealAnonPerS: 224593.40000000002, kswapdCpuPct: 80.10000000000001 };
  r.result!.kcompressd = { ...r.result!.kcompressd, pgstealAnonPerS: 300042.7391234, kswapdCpuPct: 80 };
  r.result!.compressShare = 0.26642024452658514;
  const row = summaryRows([r])[0];
  const cell = (name: string) => row[SUMMARY_COLUMNS.findIndex((c) => c.name === name)];
  assert.equal(cell('baseline_pgsteal_anon_per_s'), 224593.4);
  assert.equal(cell('kcompressd_pgsteal_anon_per_s'), 300042.7);
  assert.equal(cell('speedup_pgsteal_anon'), 1.336);
  assert.equal(cell('kswapd_cpu_freed_pts'), 0.1);
  assert.equal(cell('compress_share'), 0.2664);
});

test('the Parquet summary reads back with the CSV\'s rows (typed: numbers as DOUBLE, null where unavailable)', async () => {
  const dir = newDir();
  const records = [record('x', 0), record('y', 3), record('z', 5)];
  const [csv, parquet] = await writeSummary(dir, 'summary', records);
  const buf = readFileSync(parquet);
  const back = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
  const rows = summaryRows(records);
  assert.deepEqual(back.map((o) => SUMMARY_COLUMNS.map((c) => o[c.name] ?? null)), rows);
  assert.equal(readFileSync(csv, 'utf8'), toCsv(rows));
});

test('a row whose replay carries an error-severity warning names its code (a capture that already ran kcompressd)', () => {
  const r = record('lab/steady-mm-kcompressd', 0);
  r.result!.warnings = [warning('replay.before-ran-kcompressd', 'ran kcompressd0'), warning('capture.ignored-file', 'x'), warning('replay.before-ran-kcompressd', 'again')];
  const col = SUMMARY_COLUMNS.findIndex((c) => c.name === 'error_warnings');
  assert.equal(summaryRows([r])[0][col], 'replay.before-ran-kcompressd');
  assert.equal(summaryRows([record('demo', 2)])[0][col], '');
  assert.equal(summaryRows([record('bad', 3)])[0][col], null, 'a failed capture has no replay');
});

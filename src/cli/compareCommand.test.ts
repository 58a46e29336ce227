import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '../core/errors';
import type { CompareResult } from '../core/compare/compare';
import { formatCompare, run } from './compareCommand';

const demo = join(__dirname, '../../captures/demo');

test('compare wants exactly two captures', async () => {
  await assert.rejects(run([demo]), OptionError);
});

test('--json: rows with before, after and change; both captures\' curves aligned at reclaim start', { skip: !existsSync(demo) && 'captures/demo not found' }, async () => {
  const log = console.log;
  let out = '';
  console.log = (s: string) => { out += s; };
  try {
    assert.equal(await run([demo, demo, '--json']), 0);
  } finally {
    console.log = log;
  }
  const c = JSON.parse(out) as { rows: { key: string; before: number; after: number; changePct: number | null }[]; curves: { metric: string; before: { t: number[] }; after: { t: number[] } }[] };
  const steal = c.rows.find((r) => r.key === 'pgstealAnonPerS')!;
  assert.ok(steal.before > 0);
  assert.equal(steal.after, steal.before);
  assert.equal(steal.changePct, 0);
  const curve = c.curves.find((x) => x.metric === 'pgstealAnonPerS')!;
  assert.deepEqual(curve.before.t, curve.after.t);
  assert.ok(curve.before.t.some((t) => t <= 1) && curve.before.t.some((t) => t > 5), 'time since reclaim start');
});

test('text: every column of a row has the replay table\'s precision (58.0 → 48.9, not 58 → 48.9); mm names its FIFO', () => {
  const c: CompareResult = {
    before: 'b', after: 'a', alignedAt: { before: 0, after: 0 }, curves: [], warnings: [],
    rows: [
      { key: 'kswapdCpuPct', label: 'kswapd CPU %', before: 58, after: 48.9, changePct: -15.7, predicted: 45.8, predictedChangePct: -18.5 },
      { key: 'pgstealAnonPerS', label: 'pgsteal_anon/s', before: 5840, after: 3311.4, changePct: -43.3, predicted: 4662.7, predictedChangePct: -17.2 },
      { key: 'zramRatio', label: 'zram ratio', before: 2.467, after: 2.5, changePct: 0, predicted: 2.462, predictedChangePct: null },
    ],
    predictedBy: { capture: 'b', variant: 'mm', kcompressd: 1, queue: 256, profile: 'p' },
  };
  const lines = formatCompare(c).split('\n');
  const cells = (label: string) => lines.find((l) => l.trimStart().startsWith(label))!.slice(label.length + 2).trim().split(/\s{2,}/);
  assert.deepEqual(cells('kswapd CPU %'), ['58.0', '48.9', '-15.7 %', '45.8', '-18.5 %']);
  assert.deepEqual(cells('pgsteal_anon/s'), ['5,840', '3,311', '-43.3 %', '4,663', '-17.2 %']);
  assert.deepEqual(cells('zram ratio'), ['2.467', '2.500', '0.0 %', '2.462']);
  const by = lines.find((l) => l.startsWith('predicted: a replay of the before capture'))!;
  assert.match(by, /kcompressd mm \(FIFO 256\)/);
  assert.doesNotMatch(by, /workers/);
});

// trial13 F13, F22: compare said n/a with no reason, and printed a prediction for another workload as if it were one.
test('text: an n/a says why, as replay does; predicted columns for another workload are marked not a test', () => {
  const why = 'the two captures ran different workloads: one reclaimed in a memcg at its limit, the other globally [pair.workload-differs]';
  const trace = 'the trace covers 7.6 s of the 20.3 s window (14.4–22.0 s since the first vmstat sample, as the window above; ftrace.ends-early)';
  const c: CompareResult = {
    before: 'b', after: 'a', alignedAt: { before: 0, after: 0 }, curves: [], warnings: [], predictionNotATest: why,
    rows: [
      { key: 'pgstealAnonPerS', label: 'pgsteal_anon/s', before: 28565, after: 14874, changePct: -47.9, predicted: 26451, predictedChangePct: -1.2 },
      { key: 'directReclaimMs', label: 'direct reclaim ms', before: null, after: null, changePct: null, predicted: 33842, predictedChangePct: 96.6, na: { before: trace, after: trace } },
      { key: 'reclaimerCpuPct', label: 'reclaimer CPU %', before: 78.8, after: null, changePct: null, predicted: 55.2, predictedChangePct: -25.2, na: { after: 'no trace in the capture' } },
    ],
    predictedBy: { capture: 'b', variant: 'v1', kcompressd: 4, queue: 4096, profile: 'p' },
  };
  const text = formatCompare(c);
  const lines = text.split('\n');
  const row = (label: string) => lines.find((l) => l.trimStart().startsWith(label))!;
  assert.match(row('pgsteal_anon/s'), /26,451\s+-1\.2 %\s+not a test: another workload$/);
  assert.match(row('direct reclaim ms'), /n\/a\s+n\/a\s+33,842\s+\+96\.6 %\s+not a test: another workload$/);
  const na = lines.indexOf('  measured n/a:');
  assert.ok(na > 0, text);
  assert.deepEqual(lines.slice(na + 1, na + 3), [`    direct reclaim ms (both): ${trace}`, '    reclaimer CPU % (after): no trace in the capture']);
  assert.ok(lines.includes(`not a test: ${why}, so the measured figures say nothing of the prediction`), text);
  // Without a prediction there is nothing to test: no mark, no note.
  const plain = formatCompare({ ...c, predictedBy: undefined, rows: c.rows.map(({ predicted: _p, predictedChangePct: _c, ...r }) => r) });
  assert.doesNotMatch(plain, /not a test/);
  assert.match(plain, /measured n\/a:\n {4}direct reclaim ms \(both\): the trace covers/);
});

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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticCapture } from '../replay/testing/syntheticCapture';
import { fakeResult } from '../../../test/fixtures/fakeResult';
import { compareCaptures, withPrediction } from './compare';
import { measuredAfter } from '../lab/measuredAfter';

test('figures side by side with the change; curves start at each capture\'s reclaim start', () => {
  const before = syntheticCapture({ seconds: 12, demandPagesPerS: 10_000 }, 'before');
  // The after capture starts later on its clock: alignment is at reclaim start, not at equal clock values.
  const after = syntheticCapture({ seconds: 12, demandPagesPerS: 20_000 }, 'after');
  after.vmstat!.times = after.vmstat!.times.map((t) => t + 500);
  const c = compareCaptures(before, after);
  assert.equal(c.before, 'before');
  const steal = c.rows.find((r) => r.key === 'pgstealAnonPerS')!;
  assert.ok(steal.before! > 0 && steal.after! > steal.before!, JSON.stringify(steal));
  assert.equal(steal.changePct, Math.round(((steal.after! - steal.before!) / steal.before!) * 1000) / 10);
  assert.ok(c.alignedAt.after! - c.alignedAt.before! > 400, `aligned at ${JSON.stringify(c.alignedAt)}`);
  const curve = c.curves.find((x) => x.metric === 'pgstealAnonPerS')!;
  for (const side of [curve.before, curve.after]) {
    assert.ok(side.t.length > 5);
    // Each side's time base starts within a few seconds of its own reclaim start.
    assert.ok(Math.abs(side.t[0]) < 15 && side.t.at(-1)! < 15, `t ${side.t[0]} … ${side.t.at(-1)}`);
    assert.ok(side.y.every((v) => v >= 0));
  }
  const free = c.curves.find((x) => x.metric === 'freeMiB')!;
  assert.equal(free.unit, 'MiB');
  assert.ok(c.rows.every((r) => r.predicted === undefined));
});

test('a figure only one capture has keeps its row without a change', () => {
  const before = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  const after = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  after.vmstat!.columns.delete('pgscan_anon');
  const c = compareCaptures(before, after);
  const scan = c.rows.find((r) => r.key === 'pgscanAnonPerS');
  assert.ok(scan && scan.before !== null && scan.after === null && scan.changePct === null, JSON.stringify(scan));
});

test('a replay of BEFORE puts its own kcompressd figures beside the measured AFTER — replay --measured-after\'s prediction — and its change', () => {
  const before = syntheticCapture({ seconds: 6, demandPagesPerS: 10_000 });
  const r = fakeResult(0);
  const c = withPrediction(compareCaptures(before, before), r);
  const row = c.rows.find((x) => x.key === 'pgstealAnonPerS')!;
  // One prediction under one name: the replay's figure, the very number replay --measured-after compares.
  assert.equal(row.predicted, r.kcompressd.pgstealAnonPerS);
  assert.equal(row.predicted, measuredAfter(r, before).rows.pgstealAnonPerS!.predicted);
  const [b, k] = [r.baseline.pgstealAnonPerS as number, r.kcompressd.pgstealAnonPerS as number];
  assert.equal(row.predictedChangePct, Math.round(((k - b) / b) * 1000) / 10, 'the replay\'s × as a change');
  assert.equal(c.predictedBy?.kcompressd, r.options.kcompressd);
  assert.equal(c.rows.find((x) => x.key === 'pgstealAnonPerS')!.changePct, 0, 'a capture against itself changes nothing');
});
